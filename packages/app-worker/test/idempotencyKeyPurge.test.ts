import { InMemoryIdempotencyStore } from "@orders/adapters";
import { FixedClock, InMemoryReservationTimer } from "@orders/domain/testing";
import { describe, expect, it } from "vitest";
import { ExpiryWorker } from "../src/index.js";
import { nothingToExpire } from "./support/nothingToExpire.js";
import { waitFor } from "./support/waitFor.js";

const HOUR_S = 60 * 60;

describe("ExpiryWorker and Idempotency-Keys", () => {
  it("deletes keys older than 24 h at start and again an hour later, keeping younger ones", async () => {
    const clock = new FixedClock();
    const keys = new InMemoryIdempotencyStore();
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
    });
    try {
      worker.start();
      await waitFor("the first purge", async () => keys.size === 1);
      // 40 minutes on the key is past 24 h, but the next purge waits for the hour.
      clock.advanceSeconds(40 * 60);
      const sweeps = worker.sweeps;
      await waitFor("two more sweeps", async () => worker.sweeps >= sweeps + 2);
      expect(keys.size).toBe(1);
      clock.advanceSeconds(30 * 60);
      await waitFor("the hourly purge", async () => keys.size === 0);
    } finally {
      await worker.stop();
    }
  });
});
