import { InMemoryIdempotencyStore } from "@orders/adapters";
import { FixedClock, InMemoryReservationTimer } from "@orders/domain/testing";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { ExpiryWorker } from "../src/index.js";
import { nothingToExpire } from "./support/nothingToExpire.js";
import { waitFor } from "./support/waitFor.js";

const HOUR_S = 60 * 60;
const FAR_FUTURE = new Date("2100-01-01T00:00:00Z");

/** A logger that keeps the `deleted` count of every purge that deleted something, in order. */
function purgeLog() {
  const deleted: number[] = [];
  const logger = pino(
    { level: "info" },
    {
      write: (line: string) => {
        const entry = JSON.parse(line) as { msg: string; deleted?: number };
        if (entry.msg === "expired idempotency keys deleted") deleted.push(entry.deleted ?? 0);
      },
    },
  );
  return { logger, deleted };
}

describe("ExpiryWorker and Idempotency-Keys", () => {
  it("deletes keys older than 24 h at start and again an hour later, keeping younger ones", async () => {
    const clock = new FixedClock();
    const keys = new InMemoryIdempotencyStore();
    const purges = purgeLog();
    const claimAgo = (key: string, hours: number) =>
      keys.claim({ userId: 1, key, fingerprint: "f", now: new Date(clock.now().getTime() - hours * HOUR_S * 1000) });
    await claimAgo("two-days-old", 48);
    await claimAgo("almost-a-day-old", 23.5);
    const worker = new ExpiryWorker({
      useCases: nothingToExpire,
      timer: new InMemoryReservationTimer(clock),
      clock,
      pollIntervalMs: 10,
      sweepIntervalMs: 10,
      idempotencyKeys: keys,
      logger: purges.logger,
    });
    try {
      worker.start();
      // The first purge deletes the two-day-old key only.
      await waitFor("the first purge", async () => purges.deleted.length === 1);
      expect(purges.deleted).toEqual([1]);
      // 40 minutes on the key is past 24 h, but the next purge waits for the hour.
      clock.advanceSeconds(40 * 60);
      const sweeps = worker.sweeps;
      await waitFor("two more sweeps", async () => worker.sweeps >= sweeps + 2);
      expect(purges.deleted).toEqual([1]);
      clock.advanceSeconds(30 * 60);
      await waitFor("the hourly purge", async () => purges.deleted.length === 2);
      expect(purges.deleted).toEqual([1, 1]);
      // Nothing is left to delete, however late.
      expect(await keys.purgeExpired(FAR_FUTURE)).toBe(0);
    } finally {
      await worker.stop();
    }
  });
});
