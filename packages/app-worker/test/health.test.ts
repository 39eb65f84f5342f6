import { InMemoryReservationTimer } from "@orders/domain/testing";
import { Registry } from "prom-client";
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
    const server = await startHealthServer({
      port: 0,
      health: () => worker.health(now),
      registry: new Registry(),
      host: "127.0.0.1",
    });
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

  it("serves the worker's release metrics on GET /metrics", async () => {
    const clock = new WallClock();
    const registry = new Registry();
    const worker = new ExpiryWorker({
      useCases: nothingToExpire,
      timer: new InMemoryReservationTimer(clock),
      clock,
      registry,
    });
    const server = await startHealthServer({ port: 0, health: () => worker.health(), registry, host: "127.0.0.1" });
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      worker.metrics.released.inc({ source: "sweep" });
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      const text = await res.text();
      expect(text).toContain('orders_reservations_released_total{source="sweep"} 1');
      expect(text).toContain("# TYPE orders_reservation_release_lag_seconds histogram");
      expect((await fetch(`http://127.0.0.1:${port}/nowhere`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
