import { FixedClock, InMemoryReservationTimer } from "@orders/domain/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { InProcessReservationTimer } from "../../src/inprocess/index.js";
import { type RedisClient, RedisReservationTimer } from "../../src/redis/index.js";
import { describeWithServer } from "../support/servers.js";
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from "./redisTestClient.js";
import { reservationTimerContract } from "./reservationTimerContract.js";

const LEASE_MS = 5_000;

reservationTimerContract("InMemoryReservationTimer (domain fake)", async () => {
  const clock = new FixedClock();
  return { timer: new InMemoryReservationTimer(clock, LEASE_MS), leaseMs: LEASE_MS, setNow: (d) => clock.set(d) };
});

reservationTimerContract("InProcessReservationTimer", async () => {
  const clock = new FixedClock();
  return {
    timer: new InProcessReservationTimer({ clock, leaseMs: LEASE_MS }),
    leaseMs: LEASE_MS,
    setNow: (d) => clock.set(d),
  };
});

const redisUrl = testRedisUrl();

describeWithServer("redis")("RedisReservationTimer", () => {
  let client: RedisClient;
  beforeAll(async () => {
    client = await connectTestRedis(redisUrl ?? "");
  });
  afterAll(() => {
    client.destroy();
  });

  reservationTimerContract("RedisReservationTimer", async () => {
    const prefix = uniquePrefix("timer");
    return {
      timer: new RedisReservationTimer(client, { prefix, leaseMs: LEASE_MS }),
      leaseMs: LEASE_MS,
      setNow: () => undefined,
      close: () => deletePrefix(client, prefix),
    };
  });

  it("keeps one reservation key per order whose TTL is the time left, and one hash slot", async () => {
    const prefix = uniquePrefix("ttl");
    const timer = new RedisReservationTimer(client, { prefix });
    try {
      await timer.schedule(42, new Date(Date.now() + 60_000));
      const ttl = await client.ttl(timer.reservationKey(42));
      expect(ttl).toBeGreaterThan(55);
      expect(ttl).toBeLessThanOrEqual(60);
      // Same hash tag, so Redis Cluster puts both keys in one slot (CLUSTER KEYSLOT needs a cluster).
      const tag = (key: string) => /\{[^}]*\}/.exec(key)?.[0];
      expect(tag(timer.reservationKey(42))).toBe(`{${prefix}}`);
      expect(tag(timer.dueIndexKey)).toBe(`{${prefix}}`);
      await timer.cancel(42);
      expect(await client.exists(timer.reservationKey(42))).toBe(0);
      expect(await client.zCard(timer.dueIndexKey)).toBe(0);
    } finally {
      await deletePrefix(client, prefix);
    }
  });

  it("measures the reservation key's TTL from its clock, not the machine's", async () => {
    const prefix = uniquePrefix("ttl-clock");
    // A clock a year behind the machine: its deadline in 30 s is long past by the wall clock.
    const clock = new FixedClock(new Date(Date.now() - 365 * 24 * 60 * 60_000));
    const timer = new RedisReservationTimer(client, { prefix, clock });
    try {
      await timer.schedule(7, new Date(clock.now().getTime() + 30_000));
      const ttl = await client.ttl(timer.reservationKey(7));
      expect(ttl).toBeGreaterThan(25);
      expect(ttl).toBeLessThanOrEqual(30);
    } finally {
      await deletePrefix(client, prefix);
    }
  });

  it("rejects with storage_unavailable and reports the failure when Redis is unreachable", async () => {
    const { connectRedis } = await import("../../src/redis/index.js");
    const down = await connectRedis("redis://127.0.0.1:1", { waitForConnection: false });
    const failures: string[] = [];
    const timer = new RedisReservationTimer(down, { onError: (_e, op) => failures.push(op) });
    try {
      await expect(timer.schedule(1, new Date())).rejects.toMatchObject({ code: "storage_unavailable" });
      await expect(timer.claimDue(new Date(), 10)).rejects.toMatchObject({ code: "storage_unavailable" });
      expect(failures).toEqual(["schedule", "claimDue"]);
      // Still fast after the client has backed off between reconnect attempts.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const started = Date.now();
      await expect(timer.schedule(1, new Date())).rejects.toMatchObject({ code: "storage_unavailable" });
      await expect(timer.cancel(1)).rejects.toMatchObject({ code: "storage_unavailable" });
      expect(Date.now() - started).toBeLessThan(100);
    } finally {
      down.destroy();
    }
  });
});
