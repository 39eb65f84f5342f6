// Products and warehouses through HTTP on the real adapters with the seed data, on PGlite and on
// real Postgres, where racing writes are really concurrent: one SKU created twice, one version
// changed twice, a re-prioritised warehouse serving the next checkout, archived products at checkout.

import { JoseTokenIssuer, type SqlRunner } from "@orders/adapters";
import { beforeAll, expect, it } from "vitest";
import type { App } from "../src/createApp.js";
import { APP_ON_DATABASE_SECRET, appOnDatabase } from "./appOnDatabase.js";
import { onSeededDatabases } from "./seededDatabases.js";

function catalogSuite(getDb: () => SqlRunner): void {
  let app: App;
  let admin: string;
  let customer: string;
  beforeAll(async () => {
    app = appOnDatabase(getDb());
    const signer = new JoseTokenIssuer({ secret: APP_ON_DATABASE_SECRET, ttlSeconds: 600 });
    // The seed's admin (1) and customer (2).
    admin = (await signer.issue({ userId: 1, role: "admin" })).token;
    customer = (await signer.issue({ userId: 2, role: "customer" })).token;
  });

  async function call(method: string, path: string, token: string, body?: unknown, headers = {}) {
    const res = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, etag: res.headers.get("ETag"), json: (await res.json()) as Record<string, unknown> };
  }

  it("shows the seed's products in IDR, searchable, with per-warehouse levels for an admin", async () => {
    const monitor = await call("GET", "/products?q=MONITOR", customer);
    expect(monitor.json).toEqual([
      expect.objectContaining({ sku: "SKU-004", price_cents: 3200000, currency: "IDR", available: 10 }),
    ]);
    const detail = await call("GET", "/products/4", admin);
    expect(detail.json.levels).toEqual([
      { warehouse_id: 1, on_hand: 10, reserved: 0, available: 10, warehouse_status: "active" },
      { warehouse_id: 3, on_hand: 25, reserved: 0, available: 25, warehouse_status: "inactive" },
    ]);
  });

  it("two parallel creates of one SKU: one 201, one 409 sku_taken, never a 500", async () => {
    const body = { sku: "RACE-SKU", name: "Racer", price_cents: 100 };
    const answers = await Promise.all([1, 2, 3, 4].map(() => call("POST", "/products", admin, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.json.code === "sku_taken")).toBe(true);
  });

  it("two parallel PATCHes with the same If-Match: exactly one 200, the other 412", async () => {
    const created = await call("POST", "/products", admin, { sku: "RACE-PATCH", name: "P", price_cents: 100 });
    const path = `/products/${created.json.id}`;
    const answers = await Promise.all(
      [200, 300, 400, 500].map((price) =>
        call("PATCH", path, admin, { price_cents: price }, { "If-Match": created.etag ?? "" }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412, 412]);
    const winner = answers.find((a) => a.status === 200);
    expect(winner?.etag).toBe('"2"');
    expect((await call("GET", path, admin)).json).toMatchObject({ price_cents: winner?.json.price_cents, version: 2 });
  });

  it("archiving stops checkout (409) but the order placed before it can be paid, at its old price", async () => {
    const placed = await call("POST", "/checkout", customer, { product_id: 5, quantity: 1 });
    expect(placed.status).toBe(201);
    await call("PATCH", "/products/5", admin, { status: "archived", price_cents: 1 });
    const refused = await call("POST", "/checkout", customer, { product_id: 5, quantity: 1 });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: "product_archived", product_id: 5 });
    const paid = await call("POST", "/pay", customer, { order_id: placed.json.order_id });
    expect(paid.json).toMatchObject({ status: "paid", total_cents: 180000, currency: "IDR" });
    expect((await call("GET", "/products/5", customer)).status).toBe(404);
    await call("PATCH", "/products/5", admin, { status: "active", price_cents: 180000 });
  });

  it("a new warehouse with a low priority serves the next checkout", async () => {
    const opened = await call("POST", "/warehouses", admin, { name: "Bandung" });
    expect(opened.json).toMatchObject({ name: "Bandung", status: "active", priority: 4 });
    const id = Number(opened.json.id);
    await getDb().query(
      "INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta) VALUES ('adjust', $1, 2, 5, 0)",
      [id],
    );
    await getDb().query("INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand) VALUES ($1, 2, 5)", [id]);
    const before = await call("POST", "/checkout", customer, { product_id: 2, quantity: 1 });
    expect(before.json.items).toMatchObject([{ warehouse_id: 1 }]);
    expect((await call("PATCH", `/warehouses/${id}`, admin, { priority: 0 })).status).toBe(200);
    const after = await call("POST", "/checkout", customer, { product_id: 2, quantity: 1 });
    expect(after.json.items).toMatchObject([{ warehouse_id: id }]);
  });
}

onSeededDatabases("products and warehouses", { schemaPrefix: "http_catalog", poolMax: 8 }, catalogSuite);
