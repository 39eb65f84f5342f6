// Each completed sweep is recorded in worker_sweeps: the audit's evidence that a worker had the chance to release.
import { migrate, openEmbeddedDatabase, type SqlRunner, SqlSweepLog } from "@orders/adapters";
import { InMemoryReservationTimer } from "@orders/domain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExpiryWorker } from "../src/index.js";
import { nothingToExpire } from "./support/nothingToExpire.js";
import { WallClock } from "./support/WallClock.js";
import { waitFor } from "./support/waitFor.js";

describe("expiry worker records its sweeps", () => {
  let db: SqlRunner;
  beforeAll(async () => {
    db = await openEmbeddedDatabase();
    await migrate(db);
  }, 60_000);
  afterAll(() => db.close());

  const lastSweep = async () =>
    (await db.query<{ started_at: Date }>("SELECT started_at FROM worker_sweeps", []))[0]?.started_at ?? null;

  it("writes the start of every completed sweep, the first one at start", async () => {
    const clock = new WallClock();
    const worker = new ExpiryWorker({
      useCases: nothingToExpire,
      timer: new InMemoryReservationTimer(clock),
      clock,
      sweepIntervalMs: 50,
      sweepLog: new SqlSweepLog(db),
    });
    const before = Date.now();
    try {
      worker.start();
      await waitFor("the first sweep to be recorded", async () => (await lastSweep()) !== null);
      const first = (await lastSweep())?.getTime() ?? 0;
      expect(first).toBeGreaterThanOrEqual(before);
      await waitFor("a later sweep to move it forward", async () => ((await lastSweep())?.getTime() ?? 0) > first);
    } finally {
      await worker.stop();
    }
  });
});
