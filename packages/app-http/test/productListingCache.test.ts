// The HTTP container puts the catalog cache in front of GET /products: a listing lags writes made
// behind the process's back by up to 1 s, and shows the process's own checkout at once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SqlRunner } from "@orders/adapters";
import { resolve } from "@orders/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildContainer } from "../src/container.js";
import type { App } from "../src/createApp.js";
import { Tokens } from "../src/tokens.js";

describe("GET /products through the container's catalog cache (embedded composition)", () => {
  let dataDir: string;
  let app: App;
  let db: SqlRunner;
  let token: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "orders-listing-cache-"));
    const c = await buildContainer(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", JWT_SECRET: "s".repeat(32) }));
    app = resolve(c, Tokens.App);
    db = resolve(c, Tokens.Database);
    const login = await app.request("/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email_or_phone: "customer@example.com", password: "customer123" }),
    });
    token = ((await login.json()) as { token: string }).token;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const availableOf = async (productId: number) => {
    const res = await app.request("/products", { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const products = (await res.json()) as { id: number; available: number }[];
    return products.find((p) => p.id === productId)?.available;
  };

  it("serves the cached listing after a write behind its back, and drops it on its own checkout", async () => {
    const before = await availableOf(1);
    if (before === undefined) throw new Error("the seed has no product 1");
    // Behind the process's back (as another HTTP replica would): the listing may lag it.
    await db.query("UPDATE warehouse_stock SET on_hand = on_hand + 5 WHERE product_id = 1 AND warehouse_id = 1", []);
    expect(await availableOf(1)).toBe(before);

    const checkout = await app.request("/checkout", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ product_id: 1, quantity: 2, warehouse_id: 1 }),
    });
    expect(checkout.status).toBe(201);

    // Its own checkout drops the listing: the next one is read live, the other write included.
    expect(await availableOf(1)).toBe(before + 5 - 2);
  }, 60_000);
});
