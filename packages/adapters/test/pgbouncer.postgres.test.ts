// The Postgres adapters through a real PgBouncer in transaction mode: contracts, a checkout race, a PgBouncer restart.
import { type Actor, InsufficientStockError } from "@orders/domain";
import { FixedClock } from "@orders/domain/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, createPostgresPorts, migrate, type SqlRunner } from "../src/postgres/index.js";
import { allContracts } from "./contracts/allContracts.js";
import { sqlTarget } from "./contracts/sqlTarget.js";
import { orderServiceOn } from "./support/orderServiceOn.js";
import { pgbouncerBinary, type RunningPgbouncer, startPgbouncer } from "./support/pgbouncer.js";
import { postgresUrl } from "./support/servers.js";

const baseUrl = postgresUrl();
const present = pgbouncerBinary() !== undefined;
// In CI a missing pgbouncer is a broken setup (scripts/ensure-pgbouncer.sh installs it), never a silent skip.
if (!present && process.env.CI === "true")
  throw new Error("pgbouncer not found but CI=true: run scripts/ensure-pgbouncer.sh");
const runs = present && baseUrl !== undefined;

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.skipIf(!runs)(
  runs ? "Postgres through PgBouncer (transaction mode)" : "PgBouncer [needs pgbouncer and TEST_DATABASE_URL]",
  () => {
    const database = `pgbouncer_test_${process.pid}_${Date.now().toString(36)}`;
    let bouncer: RunningPgbouncer;
    let db: SqlRunner;
    beforeAll(async () => {
      await onServer(baseUrl ?? "", `CREATE DATABASE ${database}`);
      // A small pool, so that 200 clients share 4 server connections and transactions interleave on them.
      bouncer = await startPgbouncer({ upstreamUrl: baseUrl ?? "", poolSize: 4 });
      db = connectPostgres({ connectionString: bouncer.urlFor(database), max: 20, connectionTimeoutMillis: 2_000 });
      await migrate(db);
    });
    afterAll(async () => {
      await db?.close();
      await bouncer?.dispose();
      await onServer(baseUrl ?? "", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    });

    allContracts(() => sqlTarget(db));

    it("refuses a search_path given as a startup parameter instead of applying it to whichever connection comes next", async () => {
      const url = new URL(bouncer.urlFor(database));
      url.searchParams.set("options", "-c search_path=elsewhere");
      const client = new pg.Client({ connectionString: url.toString() });
      await expect(client.connect()).rejects.toThrow(/unsupported startup parameter: options/);
    });

    it("200 parallel checkouts of one unit on 50 in stock over 4 server connections: exactly 50 succeed", async () => {
      const [u] = await db.query<{ id: string }>(
        "INSERT INTO users (email, phone, password_hash, role) VALUES ('bouncer@example.com', NULL, 'x', 'customer') RETURNING id",
        [],
      );
      const customer: Actor = { userId: Number(u?.id), role: "customer" };
      const [w] = await db.query<{ id: string }>(
        "INSERT INTO warehouses (name, priority) VALUES ('PB', 1) RETURNING id",
        [],
      );
      const [p] = await db.query<{ id: string }>(
        "INSERT INTO products (sku, name, price_cents) VALUES ('PB-RACE', 'PB-RACE', 100) RETURNING id",
        [],
      );
      const productId = Number(p?.id);
      const ports = createPostgresPorts(db);
      await ports.stock.adjust(Number(w?.id), productId, 50);
      const service = orderServiceOn(db, new FixedClock(new Date("2026-01-01T00:00:00Z")));
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, () =>
          service.placeOrder.execute({ actor: customer, items: [{ productId, quantity: 1 }] }),
        ),
      );
      const placed = results.filter((r) => r.status === "fulfilled");
      const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
      expect(placed).toHaveLength(50);
      expect(refused.every((e) => e instanceof InsufficientStockError)).toBe(true);
      expect(await ports.catalog.levels({ productIds: [productId] })).toMatchObject([{ onHand: 50, reserved: 50 }]);
    });

    it("while PgBouncer restarts, queries fail as storage_unavailable; afterwards the same pool works again", async () => {
      expect(await db.query<{ one: number }>("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
      await bouncer.stop();
      const started = Date.now();
      await expect(db.query("SELECT 1", [])).rejects.toMatchObject({ code: "storage_unavailable" });
      await expect(db.transaction((tx) => tx.query("SELECT 1", []))).rejects.toMatchObject({
        code: "storage_unavailable",
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      await bouncer.start();
      // The pool threw away the connections PgBouncer cut and opens new ones: no restart of ours.
      expect(await db.query<{ one: number }>("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
      expect(await db.transaction((tx) => tx.query<{ two: number }>("SELECT 2 AS two", []))).toEqual([{ two: 2 }]);
    });
  },
);
