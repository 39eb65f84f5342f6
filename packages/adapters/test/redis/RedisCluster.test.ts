// The Redis adapters on a real Redis Cluster (3 masters, 3 replicas on loopback), including a master's failover.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkRedis,
  connectRedis,
  isRedisCluster,
  parseRedisTarget,
  type RedisClient,
  RedisLoginAttempts,
  RedisReservationTimer,
  redisRateLimitClient,
} from "../../src/redis/index.js";
import { type RunningRedisCluster, redisClusterToolsPresent, startRedisCluster } from "../support/redisCluster.js";
import { loginAttemptsContract } from "./loginAttemptsContract.js";
import { deletePrefix, uniquePrefix } from "./redisTestClient.js";
import { reservationTimerContract } from "./reservationTimerContract.js";

const LEASE_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const present = redisClusterToolsPresent();
// In CI a missing redis-server is a broken setup, never a silent skip.
if (!present && process.env.CI === "true") throw new Error("redis-server/redis-cli not found but CI=true");

describe("parseRedisTarget", () => {
  it("reads one server and a cluster's seed nodes", () => {
    expect(parseRedisTarget("redis://127.0.0.1:6379")).toEqual({ kind: "single", url: "redis://127.0.0.1:6379" });
    expect(parseRedisTarget("redis+cluster://u:p@10.0.0.1:7000,10.0.0.2:7001")).toEqual({
      kind: "cluster",
      nodeUrls: ["redis://u:p@10.0.0.1:7000", "redis://u:p@10.0.0.2:7001"],
    });
    expect(parseRedisTarget("rediss+cluster://h:1")).toEqual({ kind: "cluster", nodeUrls: ["rediss://h:1"] });
    expect(() => parseRedisTarget("redis+cluster://")).toThrow(/no cluster node/);
    expect(() => parseRedisTarget("redis+cluster://host")).toThrow(/port/);
    expect(() => parseRedisTarget("http://host:1")).toThrow(/redis/);
  });
});

describe.skipIf(!present)(present ? "Redis adapters on a Redis Cluster" : "Redis Cluster [needs redis-server]", () => {
  let cluster: RunningRedisCluster;
  let client: RedisClient;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 1_000 });
    client = await connectRedis(cluster.url);
  }, 90_000);
  afterAll(async () => {
    client?.destroy();
    await cluster?.stop();
  });

  it("opens node-redis's cluster client for a redis+cluster:// URL and sees 3 masters", async () => {
    expect(isRedisCluster(client)).toBe(true);
    if (!isRedisCluster(client)) return;
    expect(client.masters).toHaveLength(3);
    await expect(checkRedis(client)).resolves.toBeUndefined();
  });

  reservationTimerContract("RedisReservationTimer on a cluster", async () => {
    const prefix = uniquePrefix("timer");
    return {
      timer: new RedisReservationTimer(client, { prefix, leaseMs: LEASE_MS }),
      leaseMs: LEASE_MS,
      setNow: () => undefined,
      close: () => deletePrefix(client, prefix),
    };
  });

  loginAttemptsContract("RedisLoginAttempts on a cluster", async (maxFailures, windowSeconds) => {
    const prefix = uniquePrefix("login");
    return {
      attempts: new RedisLoginAttempts(client, { prefix, maxFailures, windowSeconds }),
      elapse: (s) => new Promise((resolve) => setTimeout(resolve, s * 1000)),
      close: () => deletePrefix(client, prefix),
    };
  });

  it("gives the rate limiter a script it can run by sha on every master's slots", async () => {
    const limiter = redisRateLimitClient(client);
    const sha = await limiter.scriptLoad("return redis.call('INCR', KEYS[1])");
    const keys = Array.from({ length: 12 }, (_, i) => `${uniquePrefix("rl")}-${i}`);
    const counts = await Promise.all(keys.map((key) => limiter.evalsha<[], number>(sha, [key], [])));
    expect(counts).toEqual(keys.map(() => 1));
    await Promise.all(keys.map((key) => limiter.del(key)));
  });

  it("keeps every key of a timer in one slot, whichever master owns it", async () => {
    const prefixes = Array.from({ length: 12 }, (_, i) => uniquePrefix(`slot${i}`));
    const owners = new Set<number>();
    for (const prefix of prefixes) {
      const timer = new RedisReservationTimer(client, { prefix });
      // Keys of three different masters would make MULTI and the script fail with CROSSSLOT.
      await timer.schedule(1, new Date(Date.now() + 60_000));
      await timer.schedule(2, new Date(Date.now() - 1));
      expect(await timer.claimDue(new Date(), 10)).toEqual([2]);
      owners.add(await cluster.masterPortFor(timer.dueIndexKey));
      expect(await cluster.masterPortFor(timer.reservationKey(1))).toBe(await cluster.masterPortFor(timer.dueIndexKey));
      await deletePrefix(client, prefix);
    }
    // Twelve random tags land on more than one of the three masters.
    expect(owners.size).toBeGreaterThan(1);
  });

  it("after kill -9 of the master holding the timer, fails fast until its replica takes over, then works on the same client", async () => {
    const prefix = uniquePrefix("failover");
    const errors: string[] = [];
    const timer = new RedisReservationTimer(client, { prefix, onError: (_e, op) => errors.push(op) });
    const attempts = new RedisLoginAttempts(client, { prefix, maxFailures: 2, windowSeconds: 60 });
    await timer.schedule(10, new Date(Date.now() - 1_000));
    await timer.schedule(11, new Date(Date.now() + 60_000));
    const victim = await cluster.masterPortFor(timer.dueIndexKey);
    if (!isRedisCluster(client)) throw new Error("expected a cluster client");
    // Let the replica receive the writes before its master dies (replication is asynchronous).
    const master = client.masters.find((m) => m.port === victim);
    if (master === undefined) throw new Error("victim is not a known master");
    await (await client.nodeClient(master)).sendCommand(["WAIT", "1", "2000"]);

    cluster.kill(victim);
    const outcomes: string[] = [];
    const started = Date.now();
    let recoveredAfterMs: number | undefined;
    while (Date.now() - started < 30_000) {
      const callStarted = Date.now();
      try {
        await timer.schedule(12, new Date(Date.now() + 60_000));
        recoveredAfterMs = Date.now() - started;
        break;
      } catch (error) {
        outcomes.push((error as { code?: string }).code ?? String(error));
        // A failed call answers within the command timeout (1 s), never hangs.
        expect(Date.now() - callStarted).toBeLessThan(1_500);
      }
      await sleep(100);
    }
    expect(recoveredAfterMs).toBeDefined();
    // Refused while the slot had no master, each time as storage_unavailable (503), nothing else.
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(["storage_unavailable"]));
    expect(recoveredAfterMs).toBeLessThan(15_000);
    expect(await cluster.masterPortFor(timer.dueIndexKey)).not.toBe(victim);
    // The promoted replica had the writes: order 10 is due, 11 and 12 are not.
    expect(await timer.claimDue(new Date(), 10)).toEqual([10]);
    expect((await attempts.reserve("someone")).allowed).toBe(true);
    // Readiness is back too: every master of the new topology answers.
    await expect(checkRedis(client)).resolves.toBeUndefined();
    await deletePrefix(client, prefix);
  }, 60_000);
});
