// A healthy start logs no warning; a real timer outage logs one warning and one recovery line.
import { randomUUID } from "node:crypto";
import { connectRedis, RedisReservationTimer } from "@orders/adapters";
import type { ReservationTimer } from "@orders/domain";
import { InMemoryReservationTimer } from "@orders/domain/testing";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { describeWithServer } from "../../adapters/test/support/servers.js";
import { ExpiryWorker } from "../src/index.js";
import { testRedisUrl } from "./support/harness.js";
import { nothingToExpire } from "./support/nothingToExpire.js";
import { WallClock } from "./support/WallClock.js";
import { sleep, waitFor } from "./support/waitFor.js";

/** A pino logger whose lines land in `lines`, parsed. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines, warnings: () => lines.filter((l) => l.level >= 40).map((l) => l.msg) };
}

describeWithServer("redis")("expiry worker on a real Redis", () => {
  it("starts with no warning: the claim loop runs on a connected client", async () => {
    // Wired as main.ts wires it: not waiting for Redis to be up, so a Redis outage never blocks the sweep.
    const redis = await connectRedis(testRedisUrl() ?? "", { waitForConnection: false });
    const { logger, warnings } = capturingLogger();
    const clock = new WallClock();
    const worker = new ExpiryWorker({
      useCases: nothingToExpire,
      timer: new RedisReservationTimer(redis, { prefix: `test-quiet-${randomUUID().slice(0, 8)}` }),
      clock,
      logger,
    });
    try {
      worker.start();
      await sleep(1_000);
      expect(warnings()).toEqual([]);
    } finally {
      await worker.stop();
      redis.destroy();
    }
  });
});

describe("expiry worker during a timer outage", () => {
  it("warns once when the timer becomes unreachable and says once when it is back", async () => {
    const clock = new WallClock();
    const real = new InMemoryReservationTimer(clock);
    let down = true;
    const timer: ReservationTimer = {
      schedule: (id, at) => real.schedule(id, at),
      scheduleMany: (entries) => real.scheduleMany(entries),
      cancel: (id) => real.cancel(id),
      claimDue: (now, limit) => (down ? Promise.reject(new Error("connection refused")) : real.claimDue(now, limit)),
    };
    const { logger, lines, warnings } = capturingLogger();
    const worker = new ExpiryWorker({ useCases: nothingToExpire, timer, clock, logger, pollIntervalMs: 10 });
    try {
      worker.start();
      await waitFor("a few failed claims", async () =>
        worker.metrics.timerErrors.get().then((m) => (m.values[0]?.value ?? 0) >= 5),
      );
      down = false;
      await waitFor("the recovery line", async () => lines.some((l) => l.msg === "reservation timer reachable again"));
      expect(warnings()).toEqual(["reservation timer unreachable; the sweep keeps releasing"]);
    } finally {
      await worker.stop();
    }
  });
});
