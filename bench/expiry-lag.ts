// `make bench-expiry`: release lag of 1,000 reservations that expire at the same instant, 1 and 2 workers.
/**
 * Release lag of 1,000 reservations that expire at the same instant, on real Postgres + Redis.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 make bench-expiry
 *
 * Creates its own database (bench_expiry_<random>, dropped at the end) and its own Redis key
 * prefixes (deleted at the end). Scenarios: 1 and 2 in-process ExpiryWorkers with Redis, then 1
 * and 2 with Redis unreachable (sweep only, every BENCH_SWEEP_SECONDS, default 2). Lag is the
 * time the release had committed minus the order's expires_at; by_timer counts what the claim
 * loop released, by_sweep what the periodic sweep released. Bounded: every scenario gives up
 * 30 s after the deadline.
 */
import { randomUUID } from "node:crypto";
import {
  connectPostgres,
  connectRedis,
  createPostgresPorts,
  migrate,
  type RedisClient,
  RedisReservationTimer,
  type SqlRunner,
  SystemClock,
} from "@orders/adapters";
import { type ExpiryUseCases, ExpiryWorker } from "@orders/app-worker";
import {
  createOrderService,
  ExpireOverdueReservations,
  ExpireReservation,
  type ReservationTimer,
} from "@orders/domain";
import { createInMemoryPorts, FixedClock } from "@orders/domain/testing";
import { pino } from "pino";

// Read through a local so the settings stay out of turbo.json: they only tune this script.
const env: Readonly<Record<string, string | undefined>> = process.env;
const ORDERS = Number(env.BENCH_ORDERS ?? 1_000);
const SWEEP_SECONDS_REDIS_DOWN = Number(env.BENCH_SWEEP_SECONDS ?? 2);
const PLACING_BUDGET_MS = Number(env.BENCH_PLACING_BUDGET_MS ?? 8_000);
const adminUrl = env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = env.REDIS_URL ?? "redis://127.0.0.1:6379";
const WAREHOUSE = 1;
const PRODUCT = 2;

interface Scenario {
  readonly name: string;
  readonly workers: number;
  readonly redis: boolean;
}

const scenarios: Scenario[] = [
  { name: "1 worker, Redis up", workers: 1, redis: true },
  { name: "2 workers, Redis up", workers: 2, redis: true },
  { name: `1 worker, Redis down (sweep every ${SWEEP_SECONDS_REDIS_DOWN} s)`, workers: 1, redis: false },
  { name: `2 workers, Redis down (sweep every ${SWEEP_SECONDS_REDIS_DOWN} s)`, workers: 2, redis: false },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

async function run(): Promise<void> {
  const dbName = `bench_expiry_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const admin = connectPostgres({ connectionString: adminUrl, max: 1 });
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const redis = await connectRedis(redisUrl);
  const prefixes: string[] = [];
  const pools: SqlRunner[] = [];
  const clients: RedisClient[] = [redis];
  const results: Record<string, unknown>[] = [];
  try {
    const setup = connectPostgres({ connectionString: databaseUrl, max: 10 });
    pools.push(setup);
    await migrate(setup, { seed: true });
    const ports = createPostgresPorts(setup);
    const [row] = await ports.catalog.levels({ productIds: [PRODUCT], warehouseId: WAREHOUSE });
    await ports.stock.adjust(WAREHOUSE, PRODUCT, ORDERS * 2 - (row?.onHand ?? 0));
    const identity = createInMemoryPorts();
    const extras = { hasher: identity.hasher, tokens: identity.tokens, loginAttempts: identity.loginAttempts };

    for (const scenario of scenarios) {
      const prefix = `bench-expiry-${randomUUID().slice(0, 8)}`;
      prefixes.push(prefix);
      // Redis down: the real adapter pointed at a port nobody listens on, so every call fails fast.
      const timerClient = scenario.redis
        ? redis
        : await connectRedis("redis://127.0.0.1:1", { waitForConnection: false });
      if (!scenario.redis) clients.push(timerClient);
      const placingTimer = new RedisReservationTimer(timerClient, { prefix });

      const lags: number[] = [];
      const expiresAt = new Map<number, number>();
      const workers: ExpiryWorker[] = [];
      for (let i = 0; i < scenario.workers; i++) {
        const pool = connectPostgres({ connectionString: databaseUrl, max: 10 });
        pools.push(pool);
        const client = scenario.redis ? await connectRedis(redisUrl) : timerClient;
        if (scenario.redis) clients.push(client);
        const timer: ReservationTimer = new RedisReservationTimer(client, { prefix });
        const clock = new SystemClock();
        const { unitOfWork } = createPostgresPorts(pool);
        const expireReservation = new ExpireReservation(unitOfWork, timer, clock);
        const expireOverdue = new ExpireOverdueReservations(unitOfWork, timer, clock);
        // Measures lag when the release has committed, not when the transaction read the clock.
        const useCases: ExpiryUseCases = {
          expireReservation: {
            execute: async (input) => {
              const result = await expireReservation.execute(input);
              if (result.outcome === "expired") {
                lags.push(Date.now() - (expiresAt.get(result.orderId) ?? Number.NaN));
              }
              return result;
            },
          },
          expireOverdueReservations: {
            execute: async (input) => {
              const expired = await expireOverdue.execute(input);
              const now = Date.now();
              for (const e of expired) lags.push(now - (expiresAt.get(e.orderId) ?? Number.NaN));
              return expired;
            },
          },
        };
        const worker = new ExpiryWorker({
          useCases,
          timer,
          clock,
          logger: pino({ level: "silent" }),
          sweepIntervalMs: scenario.redis ? 30_000 : SWEEP_SECONDS_REDIS_DOWN * 1000,
        });
        workers.push(worker);
        worker.start();
      }

      // Every order gets the same expires_at: placed on a clock frozen a little ahead, TTL 1 s.
      const placedAt = Date.now();
      const deadline = placedAt + PLACING_BUDGET_MS + 1_000;
      const placing = createOrderService(
        { ...ports, ...extras, timer: placingTimer, clock: new FixedClock(new Date(placedAt + PLACING_BUDGET_MS)) },
        { reservationTtlSeconds: 1 },
      );
      for (let i = 0; i < ORDERS; i += 25) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(25, ORDERS - i) }, () =>
            placing.placeOrder.execute({
              actor: { userId: 2, role: "customer" },
              items: [{ productId: PRODUCT, quantity: 1 }],
              warehouseId: WAREHOUSE,
            }),
          ),
        );
        for (const order of batch) expiresAt.set(order.id, order.expiresAt.getTime());
      }
      const placingMs = Date.now() - placedAt;
      if (Date.now() > deadline) console.warn(`  placing took ${placingMs} ms, past the shared deadline`);

      while (lags.length < ORDERS && Date.now() < deadline + 30_000) await sleep(50);
      await Promise.all(workers.map((w) => w.stop()));
      const [after] = await ports.catalog.levels({ productIds: [PRODUCT], warehouseId: WAREHOUSE });
      const sorted = [...lags].sort((a, b) => a - b);
      // Which loop released them: the claim loop counts as "timer" even for its batch transaction.
      const by = (source: "timer" | "sweep") => workers.reduce((n, w) => n + w.health().released[source], 0);
      const result = {
        scenario: scenario.name,
        released: lags.length,
        by_timer: by("timer"),
        by_sweep: by("sweep"),
        p50_ms: percentile(sorted, 50),
        p99_ms: percentile(sorted, 99),
        max_ms: sorted[sorted.length - 1] ?? Number.NaN,
        reserved_left: after?.reserved,
        placing_ms: placingMs,
      };
      results.push(result);
      console.log(JSON.stringify(result));
    }
  } finally {
    for (const prefix of prefixes) {
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `{${prefix}}*`, COUNT: 1000 })) keys.push(...batch);
      if (keys.length > 0) await redis.unlink(keys);
    }
    for (const client of clients) client.destroy();
    await Promise.all(pools.map((p) => p.close()));
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.close();
  }
  console.log(`\nRelease lag, ${ORDERS} reservations expiring at the same instant (ms after expires_at):`);
  console.table(results.map(({ placing_ms: _, ...r }) => r));
}

run().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
