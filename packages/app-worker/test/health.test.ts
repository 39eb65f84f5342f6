import { InMemoryReservationTimer } from "@orders/domain/testing";
import { describe, expect, it } from "vitest";
import { ExpiryWorker } from "../src/index.js";
import { startHealthServer } from "../src/startHealthServer.js";
import { nothingToExpire } from "./support/nothingToExpire.js";
import { WallClock } from "./support/WallClock.js";

describe("worker health", () => {
  it("answers 200 while the loops come round and 503 once they stall or stop", async () => {
    const clock = new WallClock();
    const worker = new ExpiryWorker({
      useCases: nothingToExpire,
      timer: new InMemoryReservationTimer(clock),
      clock,
      pollIntervalMs: 20,
      sweepIntervalMs: 1_000,
    });
    let now = Date.now();
    const server = await startHealthServer(0, () => worker.health(now), "127.0.0.1");
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    const status = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
    try {
      worker.start();
      expect(await status()).toBe(200);
      now += 60 * 60_000; // an hour with no loop coming round
      expect(await status()).toBe(503);
      now = Date.now();
      await worker.stop();
      expect(await status()).toBe(503);
    } finally {
      await worker.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
