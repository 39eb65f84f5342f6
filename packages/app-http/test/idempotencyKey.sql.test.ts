// The test: 20 parallel identical checkouts with one Idempotency-Key make one order and
// one reservation, on the embedded composition (PGlite) and on real Postgres.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres, migrate, SqlIdempotencyStore, type SqlRunner } from "@orders/adapters";
import { resolve } from "@orders/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSchema, type TestSchema } from "../../adapters/test/support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "../../adapters/test/support/servers.js";
import { loadConfig } from "../src/config.js";
import { buildContainer } from "../src/container.js";
import type { App } from "../src/createApp.js";
import { Tokens } from "../src/tokens.js";
import { appOnDatabase } from "./appOnDatabase.js";

const PRODUCT = 2;
const PARALLEL = 20;

async function post(app: App, path: string, token: string, body: unknown, key: string) {
  const res = await app.request(path, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": key },
    body: JSON.stringify(body),
  });
  return { status: res.status, replayed: res.headers.get("Idempotent-Replayed"), json: await res.json() };
}

async function logIn(app: App): Promise<string> {
  const res = await app.request("/login", {
    method: "POST",
    body: JSON.stringify({ email_or_phone: "customer@example.com", password: "customer123" }),
  });
  return String(((await res.json()) as { token: unknown }).token);
}

/** Fires PARALLEL identical checkouts at once, retries the ones told "in flight", checks the database. */
function parallelCheckoutSuite(getApp: () => App, getDb: () => SqlRunner): void {
  it(`turns ${PARALLEL} parallel identical checkouts with one key into one order and one reservation`, async () => {
    const app = getApp();
    const db = getDb();
    const token = await logIn(app);
    const reservedBefore = await reservedOf(db);
    const body = { items: [{ product_id: PRODUCT, quantity: 1 }] };
    const key = `parallel-${Date.now()}`;

    const first = await Promise.all(Array.from({ length: PARALLEL }, () => post(app, "/checkout", token, body, key)));
    // Every answer is the order (first or replayed) or "still running, retry".
    for (const res of first) expect([201, 409]).toContain(res.status);
    const inFlight = first.filter((r) => r.status === 409);
    for (const res of inFlight) expect(res.json).toMatchObject({ code: "idempotency_key_in_flight" });
    const retried = await Promise.all(inFlight.map(() => post(app, "/checkout", token, body, key)));
    const answers = [...first.filter((r) => r.status === 201), ...retried];

    expect(answers).toHaveLength(PARALLEL);
    expect(answers.every((r) => r.status === 201)).toBe(true);
    expect(answers.filter((r) => r.replayed === null)).toHaveLength(1);
    const orderIds = new Set(answers.map((r) => (r.json as { order_id: unknown }).order_id));
    expect(orderIds.size).toBe(1);

    const [orderId] = [...orderIds];
    const orders = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE id = $1", [orderId]);
    expect(orders).toEqual([{ n: 1 }]);
    const reserves = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM stock_movements WHERE order_id = $1 AND kind = 'reserve'",
      [orderId],
    );
    expect(reserves).toEqual([{ n: 1 }]);
    expect(await reservedOf(db)).toBe(reservedBefore + 1);
    const all = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders", []);
    expect(all).toEqual([{ n: 1 }]);
  }, 60_000);
}

async function reservedOf(db: SqlRunner): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "SELECT coalesce(sum(reserved), 0)::int AS n FROM warehouse_stock WHERE product_id = $1",
    [PRODUCT],
  );
  return Number(row?.n);
}

describe("Idempotency-Key on the embedded composition (PGlite, SQL store from the container)", () => {
  let dataDir: string;
  let app: App;
  let db: SqlRunner;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "orders-idempotency-"));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", JWT_SECRET: "s".repeat(32) });
    const c = await buildContainer(config);
    app = resolve(c, Tokens.App);
    db = resolve(c, Tokens.Database);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  parallelCheckoutSuite(
    () => app,
    () => db,
  );
});

describeWithServer("postgres")("Idempotency-Key on real Postgres", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  let app: App;
  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "http_idempotency");
    // As many connections as the real service's default pool, so the 20 requests really race.
    db = connectPostgres({ connectionString: schema.url, max: 10 });
    await migrate(db, { seed: true });
    app = appOnDatabase(db, { idempotency: new SqlIdempotencyStore(db) });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });
  parallelCheckoutSuite(
    () => app,
    () => db,
  );
});
