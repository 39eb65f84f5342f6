// Browsing reads on a real streaming replica (pg_basebackup -R): routed there while fresh, to the primary when it lags or is down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectPostgres,
  createPostgresPorts,
  migrate,
  ReplicaCatalog,
  ReplicaLagMonitor,
  type SqlRunner,
} from "../../src/postgres/index.js";
import { type PrimaryWithReplica, postgresBinariesPresent, startPrimaryWithReplica } from "../support/pgReplicaPair.js";

const present = postgresBinariesPresent();
if (!present && process.env.CI === "true") throw new Error("PostgreSQL 15 server binaries not found but CI=true");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A runner that counts the statements it passed on. */
function counting(inner: SqlRunner): SqlRunner & { count: number } {
  const runner = {
    count: 0,
    query: <R>(sql: string, params?: readonly unknown[]) => {
      runner.count++;
      return inner.query<R>(sql, params);
    },
    transaction: <T>(work: (tx: SqlRunner) => Promise<T>) => inner.transaction(work),
    close: () => inner.close(),
  };
  return runner;
}

describe.skipIf(!present)(present ? "read replica routing" : "read replica [needs PostgreSQL 15 binaries]", () => {
  let pair: PrimaryWithReplica;
  let primary: SqlRunner & { count: number };
  let replica: SqlRunner & { count: number };
  let monitor: ReplicaLagMonitor;
  let catalog: ReplicaCatalog;
  const measured: (number | null)[] = [];

  beforeAll(async () => {
    pair = await startPrimaryWithReplica({ maxConnections: 30 });
    primary = counting(connectPostgres({ connectionString: pair.primary.url(), max: 3 }));
    replica = counting(
      connectPostgres({ connectionString: pair.replica.url(), max: 3, connectionTimeoutMillis: 1_000 }),
    );
    await migrate(primary);
    monitor = new ReplicaLagMonitor(replica, { maxLagMs: 1_000, onMeasure: (lag) => measured.push(lag) });
    catalog = new ReplicaCatalog(createPostgresPorts(primary).catalog, replica, monitor);
  }, 120_000);
  afterAll(async () => {
    await primary?.close();
    await replica?.close().catch(() => undefined);
    await pair?.dispose();
  });

  const waitUntil = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return;
      await sleep(100);
    }
    throw new Error("condition not met in time");
  };

  it("reads the product listing on the replica while it is current; stock levels stay on the primary", async () => {
    await primary.query("INSERT INTO products (sku, name, price_cents) VALUES ('REP-1', 'Replicated', 100)", []);
    await waitUntil(
      async () =>
        (await monitor.measure()) &&
        (await replica.query("SELECT 1 FROM products WHERE sku = 'REP-1'", [])).length === 1,
    );
    expect(monitor.lastLagMs).toBeLessThanOrEqual(1_000);
    const before = { primary: primary.count, replica: replica.count };
    const page = await catalog.listWithStock({ limit: 50 });
    expect(page.map((p) => p.sku)).toContain("REP-1");
    expect(replica.count - before.replica).toBe(1);
    expect(primary.count - before.primary).toBe(0);
    await catalog.levels({});
    expect(primary.count - before.primary).toBe(1);
  });

  it("falls back to the primary when the replica lags beyond the limit, and returns when it catches up", async () => {
    await replica.query("SELECT pg_wal_replay_pause()", []);
    try {
      await primary.query("INSERT INTO products (sku, name, price_cents) VALUES ('REP-2', 'Lagging', 100)", []);
      await sleep(1_500);
      expect(await monitor.measure()).toBe(false);
      expect(monitor.lastLagMs).toBeGreaterThan(1_000);
      const before = replica.count;
      // The primary answers, with the row the replica has not replayed yet.
      expect((await catalog.listWithStock({ limit: 50 })).map((p) => p.sku)).toContain("REP-2");
      expect(replica.count).toBe(before);
    } finally {
      await replica.query("SELECT pg_wal_replay_resume()", []);
    }
    await waitUntil(() => monitor.measure());
    expect(monitor.lastLagMs).toBeLessThanOrEqual(1_000);
  });

  it("answers from the primary when the replica goes down, before and after the monitor notices", async () => {
    expect(await monitor.measure()).toBe(true);
    await pair.replica.stop();
    try {
      // Down between two measurements: the replica read fails and the primary answers.
      expect((await catalog.listWithStock({ limit: 50 })).length).toBeGreaterThan(0);
      expect(await monitor.measure()).toBe(false);
      expect(monitor.lastLagMs).toBeNull();
      const before = primary.count;
      expect((await catalog.listWithStock({ limit: 50 })).length).toBeGreaterThan(0);
      expect(primary.count - before).toBe(1);
    } finally {
      await pair.replica.start();
    }
    await waitUntil(() => monitor.measure());
    expect(measured).toContain(null);
  }, 60_000);
});
