import { migrate, openEmbeddedDatabase, type SqlRunner } from "@orders/adapters";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/createApp.js";
import { appOnDatabase } from "./appOnDatabase.js";

// The same HTTP app over the real adapters on PGlite with the seed data: what `make run` serves.
describe("HTTP on PGlite with the seed data", () => {
  let db: SqlRunner;
  let app: App;

  beforeAll(async () => {
    db = await openEmbeddedDatabase();
    await migrate(db, { seed: true });
    app = appOnDatabase(db, { readiness: { required: { database: async () => undefined } } });
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  async function call(method: string, path: string, token?: string, body?: unknown) {
    const res = await app.request(path, {
      method,
      headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function logIn(login: string, password: string): Promise<string> {
    const { status, json } = await call("POST", "/login", undefined, { email_or_phone: login, password });
    expect(status).toBe(200);
    return String(json.token);
  }

  it("runs checkout, pay, cancel and the 404/409 answers against Postgres semantics", async () => {
    const admin = await logIn("admin@example.com", "admin123");
    const customer = await logIn("081234567891", "customer123");
    expect(
      (await call("POST", "/login", undefined, { email_or_phone: "admin@example.com", password: "x" })).status,
    ).toBe(401);

    const placed = await call("POST", "/checkout", customer, { items: [{ product_id: 2, quantity: 3 }] });
    expect(placed.status).toBe(201);
    expect(placed.json).toMatchObject({ status: "pending", total_cents: 750000 });

    expect((await call("POST", "/pay", admin, { order_id: placed.json.order_id })).status).toBe(404);
    const paid = await call("POST", "/pay", customer, { order_id: placed.json.order_id });
    expect(paid.json).toMatchObject({ status: "paid" });
    expect((await call("POST", "/pay", customer, { order_id: placed.json.order_id })).status).toBe(409);

    const tooMany = await call("POST", "/checkout", customer, { product_id: 2, quantity: 1000 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.json).toMatchObject({ code: "insufficient_stock", available: 97 });

    const another = await call("POST", "/checkout", customer, { product_id: 1, quantity: 1 });
    const cancelled = await call("POST", `/orders/${another.json.order_id}/cancel`, customer);
    expect(cancelled.json).toEqual({ order_id: another.json.order_id, status: "cancelled" });
  });

  it("transfers, switches warehouses and refuses an inactive one with 409", async () => {
    const admin = await logIn("admin@example.com", "admin123");
    const moved = await call("POST", "/transfer-product", admin, {
      from_warehouse_id: 1,
      to_warehouse_id: 2,
      product_id: 1,
      quantity: 5,
    });
    expect(moved.status).toBe(200);
    const off = await call("POST", "/warehouse/2/update-status", admin, { status: "deactive" });
    expect(off.json).toMatchObject({ id: 2, status: "inactive" });
    const refused = await call("POST", "/checkout", admin, { product_id: 1, quantity: 1, warehouse_id: 2 });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: "warehouse_inactive", warehouse_id: 2 });
    const stock = await call("GET", "/warehouses/1/stock", admin);
    expect(stock.json.stock).toContainEqual({ product_id: 1, on_hand: 45, reserved: 0, available: 45 });
    await call("POST", "/warehouse/2/update-status", admin, { status: "active" });
  });
});
