import { InMemoryIdempotencyStore, JoseTokenIssuer } from "@orders/adapters";
import { type Actor, createOrderService, type Reservations } from "@orders/domain";
import { createInMemoryPorts } from "@orders/domain/testing";
import { pino } from "pino";
import { Registry } from "prom-client";
import { type AppDeps, createApp } from "../src/createApp.js";

export const TEST_SECRET = "http-test-secret-at-least-32-bytes-long!!";

interface Overrides extends Partial<Pick<AppDeps, "readiness" | "corsOrigins" | "checkoutRateLimit" | "currency">> {
  /** Wraps checkout's one write (Reservations.placePending), e.g. to hold a request open or fail it. */
  readonly wrapPlacePending?: (inner: Reservations["placePending"]) => Reservations["placePending"];
}

/** An app over in-memory fakes with two warehouses, two products, an admin and two customers. */
export async function givenApp(overrides: Overrides = {}) {
  const ports = createInMemoryPorts();
  const tokens = new JoseTokenIssuer({ secret: TEST_SECRET, ttlSeconds: 3600, clock: ports.clock });
  const placePending = overrides.wrapPlacePending?.((order) => ports.reservations.placePending(order));
  // The fake reservations with only placePending replaced; every other method is the fake's own.
  const reservations: Reservations =
    placePending === undefined
      ? ports.reservations
      : Object.assign(Object.create(ports.reservations) as Reservations, { placePending });
  const service = createOrderService({ ...ports, reservations, tokens }, { reservationTtlSeconds: 300 });
  const idempotency = new InMemoryIdempotencyStore();
  const { db } = ports;
  const admin = db.addUser({
    email: "admin@example.com",
    phone: null,
    role: "admin",
    passwordHash: "fake-hash:admin123",
  });
  const alice = db.addUser({
    email: "alice@example.com",
    phone: "+15550001",
    role: "customer",
    passwordHash: "fake-hash:alice123",
  });
  const bob = db.addUser({ email: "bob@example.com", phone: null, role: "customer", passwordHash: "fake-hash:bob123" });
  const widget = db.addProduct({ sku: "W-1", name: "Widget", priceCents: 1250 });
  const gadget = db.addProduct({ sku: "G-1", name: "Gadget", priceCents: 999 });
  const north = db.addWarehouse({ name: "North" });
  const south = db.addWarehouse({ name: "South" });
  await ports.stock.adjust(north.id, widget.id, 10);
  await ports.stock.adjust(south.id, widget.id, 5);
  await ports.stock.adjust(north.id, gadget.id, 3);

  const logLines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => logLines.push(JSON.parse(line)) });
  const registry = new Registry();
  const app = createApp({
    service,
    tokens,
    users: ports.users,
    idempotency,
    corsOrigins: overrides.corsOrigins,
    ...(overrides.currency === undefined ? {} : { currency: overrides.currency }),
    checkoutRateLimit: overrides.checkoutRateLimit,
    readiness: overrides.readiness ?? { required: { database: async () => undefined } },
    registry,
    logger,
  });

  const tokenFor = async (actor: Actor) => (await tokens.issue(actor)).token;
  const auth = async (actor: Actor) => ({ Authorization: `Bearer ${await tokenFor(actor)}` });
  const asActor = (user: { id: number; role: Actor["role"] }): Actor => ({ userId: user.id, role: user.role });

  /** A request with a JSON body and, optionally, a bearer token. */
  const send = async (
    method: string,
    path: string,
    options: { body?: unknown; as?: Actor; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = {
      ...(options.as === undefined ? {} : await auth(options.as)),
      ...options.headers,
    };
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) {
      init.body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["Content-Type"] ??= "application/json";
    }
    const res = await app.request(path, init);
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: (parsed ?? {}) as Record<string, unknown>,
      list: (Array.isArray(parsed) ? parsed : []) as Record<string, unknown>[],
    };
  };

  return {
    app,
    ports,
    service,
    tokens,
    idempotency,
    registry,
    logLines,
    send,
    tokenFor,
    admin: asActor(admin),
    alice: asActor(alice),
    bob: asActor(bob),
    widget,
    gadget,
    north,
    south,
  };
}
