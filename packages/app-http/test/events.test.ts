// /events and /webhooks over PGlite with the seed data: success, every error, bad input.
import { migrate, openEmbeddedDatabase, type SqlRunner } from "@orders/adapters";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/createApp.js";
import { appOnDatabase } from "./appOnDatabase.js";

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by value
type Json = Record<string, any>;

describe("events and webhooks over HTTP (PGlite)", () => {
  let db: SqlRunner;
  let app: App;
  let strict: App;
  let admin: string;
  let customer: string;

  beforeAll(async () => {
    db = await openEmbeddedDatabase();
    await migrate(db, { seed: true });
    app = appOnDatabase(db);
    strict = appOnDatabase(db, {
      allowPrivateWebhookUrls: false,
      lookup: async (host) => [{ address: host === "internal.example" ? "10.1.2.3" : "93.184.215.14" }],
    });
    admin = await logIn("admin@example.com", "admin123");
    customer = await logIn("081234567891", "customer123");
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  async function call(method: string, path: string, token?: string, body?: unknown, on: App = app) {
    const res = await on.request(path, {
      method,
      headers: {
        ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: (text === "" ? null : JSON.parse(text)) as Json };
  }

  async function logIn(login: string, password: string): Promise<string> {
    const { json } = await call("POST", "/login", undefined, { email_or_phone: login, password });
    return String(json.token);
  }

  it("feeds each committed change once, in commit order, with a cursor and a type filter", async () => {
    const start = await call("GET", "/events", admin);
    expect(start.status).toBe(200);
    const cursor = start.json.next_cursor as string;

    const placed = await call("POST", "/checkout", customer, { items: [{ product_id: 2, quantity: 2 }] });
    expect(placed.status).toBe(201);
    await call("POST", "/pay", customer, { order_id: placed.json.order_id });
    const refused = await call("POST", "/checkout", customer, { product_id: 2, quantity: 100000 });
    expect(refused.status).toBe(409);

    const page = await call("GET", `/events?after=${cursor}`, admin);
    expect(page.status).toBe(200);
    const events = page.json.events as [Json, ...Json[]];
    expect(events.map((e) => [e.type, e.aggregate, e.sequence])).toEqual([
      ["order.created", { type: "order", id: placed.json.order_id }, 1],
      ["order.paid", { type: "order", id: placed.json.order_id }, 2],
    ]);
    expect(events[0].data).toMatchObject({
      order_id: placed.json.order_id,
      status: "pending",
      total_cents: placed.json.total_cents,
      currency: "IDR",
      items: [{ product_id: 2, quantity: 2, warehouse_id: placed.json.items[0].warehouse_id }],
    });
    expect(events[0].id).toMatch(/^[0-9a-f-]{36}$/);

    const again = await call("GET", `/events?after=${page.json.next_cursor}`, admin);
    expect(again.json.events).toEqual([]);
    expect(again.json.next_cursor).toBe(page.json.next_cursor);

    const paidOnly = await call("GET", `/events?after=${cursor}&types=order.paid&limit=1`, admin);
    expect((paidOnly.json.events as Json[]).map((e) => e.type)).toEqual(["order.paid"]);
  });

  it("long-polls with wait until an event arrives", async () => {
    const head = (await call("GET", "/events", admin)).json.next_cursor as string;
    const started = Date.now();
    const waiting = call("GET", `/events?after=${head}&wait=10`, admin);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await call("POST", "/warehouse/2/update-status", admin, { status: "inactive" });
    const answer = await waiting;
    expect((answer.json.events as Json[]).map((e) => e.type)).toContain("warehouse.status_changed");
    expect(Date.now() - started).toBeLessThan(8_000);
    await call("POST", "/warehouse/2/update-status", admin, { status: "active" });

    const quiet = Date.now();
    const empty = await call("GET", `/events?after=999999&wait=1`, admin);
    expect(empty.json.events).toEqual([]);
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(700);
  });

  it("refuses bad feed queries and non-admins", async () => {
    expect((await call("GET", "/events")).status).toBe(401);
    expect((await call("GET", "/events", customer)).status).toBe(403);
    for (const query of ["after=-1", "after=abc", "limit=0", "limit=1001", "wait=31", "types=order.shipped"]) {
      const res = await call("GET", `/events?${query}`, admin);
      expect(res.status, query).toBe(400);
      expect(res.json.code).toBe("invalid_input");
    }
  });

  it("creates, reads, changes and deletes a webhook; the secret is shown once", async () => {
    const created = await call("POST", "/webhooks", admin, {
      url: "http://127.0.0.1:9/hook",
      event_types: ["order.created", "order.paid", "order.created"],
      description: "fulfilment",
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      url: "http://127.0.0.1:9/hook",
      event_types: ["order.created", "order.paid"],
      status: "enabled",
      description: "fulfilment",
    });
    expect(created.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const id = created.json.id as number;

    const read = await call("GET", `/webhooks/${id}`, admin);
    expect(read.json).not.toHaveProperty("secret");
    expect(read.json.id).toBe(id);
    expect(((await call("GET", "/webhooks", admin)).json as unknown as Json[]).map((w) => w.id)).toContain(id);

    const disabled = await call("PATCH", `/webhooks/${id}`, admin, { status: "disabled", event_types: ["stock.low"] });
    expect(disabled.json).toMatchObject({ status: "disabled", event_types: ["stock.low"] });

    const removed = await call("DELETE", `/webhooks/${id}`, admin);
    expect(removed.status).toBe(200);
    expect(removed.json.id).toBe(id);
    expect((await call("GET", `/webhooks/${id}`, admin)).json.code).toBe("webhook_not_found");
    expect((await call("DELETE", `/webhooks/${id}`, admin)).status).toBe(404);
    expect((await call("PATCH", `/webhooks/${id}`, admin, { status: "enabled" })).status).toBe(404);
    expect((await call("GET", `/webhooks/${id}/deliveries`, admin)).status).toBe(404);
  });

  it("queues a delivery per subscribed event, lists it by status and retries it by hand", async () => {
    const created = await call("POST", "/webhooks", admin, {
      url: "http://127.0.0.1:9/hook",
      event_types: ["order.created"],
    });
    const id = created.json.id as number;
    const placed = await call("POST", "/checkout", customer, { product_id: 1, quantity: 1 });
    await call("GET", "/events", admin); // the feed sequences, which fans out

    const pending = await call("GET", `/webhooks/${id}/deliveries?status=pending`, admin);
    expect(pending.status).toBe(200);
    const [delivery] = pending.json as unknown as [Json];
    expect(delivery).toMatchObject({ webhook_id: id, event_type: "order.created", status: "pending", attempts: 0 });
    expect((await call("GET", `/webhooks/${id}/deliveries?status=delivered`, admin)).json).toEqual([]);
    expect(placed.status).toBe(201);

    const retried = await call("POST", `/webhooks/${id}/deliveries/${delivery.id}/retry`, admin);
    expect(retried.status).toBe(202);
    expect(retried.json).toMatchObject({ id: delivery.id, status: "pending" });
    expect((await call("POST", `/webhooks/${id}/deliveries/999999/retry`, admin)).json.code).toBe("delivery_not_found");
    expect((await call("POST", `/webhooks/999999/deliveries/${delivery.id}/retry`, admin)).json.code).toBe(
      "webhook_not_found",
    );
    expect((await call("GET", `/webhooks/${id}/deliveries?status=sent`, admin)).status).toBe(400);
    await call("DELETE", `/webhooks/${id}`, admin);
  });

  it("refuses bad webhook bodies, non-admins and private URLs unless allowed", async () => {
    expect(
      (await call("POST", "/webhooks", undefined, { url: "https://a.example", event_types: ["order.paid"] })).status,
    ).toBe(401);
    expect(
      (await call("POST", "/webhooks", customer, { url: "https://a.example", event_types: ["order.paid"] })).status,
    ).toBe(403);
    expect((await call("GET", "/webhooks", customer)).status).toBe(403);
    const bad: [unknown, string][] = [
      [{ event_types: ["order.paid"] }, "url"],
      [{ url: "https://a.example", event_types: [] }, "event_types"],
      [{ url: "https://a.example", event_types: ["order.shipped"] }, "event_types[0]"],
      [{ url: "https://a.example", event_types: ["order.paid"], extra: 1 }, "extra"],
      [{ url: "https://a.example", event_types: ["order.paid"], description: "x".repeat(501) }, "description"],
    ];
    for (const [body, field] of bad) {
      const res = await call("POST", "/webhooks", admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json).toMatchObject({ code: "invalid_input", field });
    }
    expect((await call("POST", "/webhooks", admin, "{not json")).json.code).toBe("invalid_json");
    expect((await call("PATCH", "/webhooks/1", admin, {})).json.code).toBe("invalid_input");
    expect((await call("GET", "/webhooks/abc", admin)).status).toBe(400);

    for (const url of [
      "ftp://a.example/x",
      "not a url",
      "http://127.0.0.1/hook",
      "http://[::1]/hook",
      "http://169.254.169.254/latest",
      "http://192.168.1.10/",
      "http://internal.example/hook",
      "http://user:pw@a.example/",
    ]) {
      const res = await call("POST", "/webhooks", admin, { url, event_types: ["order.paid"] }, strict);
      expect(res.status, url).toBe(400);
      expect(res.json.code, url).toBe("webhook_url_refused");
    }
    const fine = await call(
      "POST",
      "/webhooks",
      admin,
      { url: "https://a.example/hook", event_types: ["order.paid"] },
      strict,
    );
    expect(fine.status).toBe(201);
    const moved = await call("PATCH", `/webhooks/${fine.json.id}`, admin, { url: "http://10.0.0.1/" }, strict);
    expect(moved.json.code).toBe("webhook_url_refused");
    await call("DELETE", `/webhooks/${fine.json.id}`, admin);
  });
});
