// Focused checkout measurement without HTTP: the use case over a pg pool, hot SKU, coalesced vs one statement per order.
import {
  connectPostgres,
  connectRedis,
  createPostgresPorts,
  migrate,
  RedisReservationTimer,
  SystemClock,
} from "@orders/adapters";
import { type Actor, createOrderService, SlidingWindowLoginAttempts } from "@orders/domain";
import { FakePasswordHasher, FakeTokenIssuer } from "@orders/domain/testing";
import { createScratchDatabase } from "./lib/scratchDatabase.js";
import { ADMIN_URL, log, REDIS_BASE } from "./lib/settings.js";

const env = process.env;
const CONCURRENCY = Number(env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const POOL_MAX = Number(env.BENCH_POOL_MAX ?? 10);
const CUSTOMERS = 1_000;

type Variant = "one statement per order (before)" | "coalesced (after)";

async function main() {
  const scratch = await createScratchDatabase(ADMIN_URL, "orders_batchbench");
  const db = connectPostgres({ connectionString: scratch.url, max: POOL_MAX });
  const redis = await connectRedis(`${REDIS_BASE}/12`);
  try {
    await migrate(db);
    await db.query(
      `INSERT INTO users (email, password_hash, role) SELECT 'c' || g || '@example.com', 'x', 'customer' FROM generate_series(1, ${CUSTOMERS}) g`,
    );
    await db.query("INSERT INTO warehouses (name, priority) VALUES ('hot', 1)");
    await db.query("INSERT INTO products (sku, name, price_cents) VALUES ('HOT', 'Hot', 100)");
    const ports = createPostgresPorts(db);
    await ports.stock.adjust(1, 1, 1_000_000_000);
    const customers: Actor[] = Array.from({ length: CUSTOMERS }, (_, i) => ({ userId: i + 1, role: "customer" }));
    const clock = new SystemClock();
    const timer = new RedisReservationTimer(redis, { prefix: "batchbench", clock });
    const service = createOrderService(
      {
        ...ports,
        clock,
        timer,
        hasher: new FakePasswordHasher(),
        tokens: new FakeTokenIssuer(clock),
        loginAttempts: new SlidingWindowLoginAttempts({ clock }),
      },
      { reservationTtlSeconds: 300, maxPendingOrders: 1_000_000_000, maxPendingUnitsPerProduct: 1_000_000_000 },
    );
    // Before: what PlaceOrder did per checkout: the stock read, the one-order statement, one timer call.
    const before = async (actor: Actor) => {
      await ports.catalog.findWithStock([1]);
      const now = clock.now();
      const order = await ports.reservations.placePending({
        userId: actor.userId,
        totalCents: 100,
        lines: [{ warehouseId: 1, productId: 1, quantity: 1, unitPriceCents: 100 }],
        createdAt: now,
        expiresAt: new Date(now.getTime() + 300_000),
      });
      await timer.schedule(order.id, order.expiresAt);
    };
    const after = async (actor: Actor) => {
      await service.placeOrder.execute({ actor, items: [{ productId: 1, quantity: 1 }], warehouseId: 1 });
    };
    const run = async (checkout: (a: Actor) => Promise<void>) => {
      const latencies: number[] = [];
      const end = Date.now() + SECONDS * 1000;
      let errors = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, lane) => {
          let i = lane;
          while (Date.now() < end) {
            const t0 = performance.now();
            try {
              await checkout(customers[i % CUSTOMERS] as Actor);
              latencies.push(performance.now() - t0);
            } catch {
              errors++;
            }
            i += CONCURRENCY;
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
      return { perSecond: latencies.length / SECONDS, p50: p(0.5), p99: p(0.99), errors };
    };
    const results: Record<Variant, number[]> = { "one statement per order (before)": [], "coalesced (after)": [] };
    log(
      `hot SKU, ${CONCURRENCY} concurrent checkouts, pool ${POOL_MAX}, ${SECONDS} s per run, ${ROUNDS} rounds alternating`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, checkout] of [
        ["one statement per order (before)", before],
        ["coalesced (after)", after],
      ] as const) {
        const r = await run(checkout);
        results[name].push(r.perSecond);
        log(
          `round ${round} ${name}: ${r.perSecond.toFixed(0)} checkouts/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}`,
        );
      }
    }
    for (const [name, values] of Object.entries(results)) {
      const sorted = [...values].sort((a, b) => a - b);
      log(
        `${name}: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} /s, min ${sorted[0]?.toFixed(0)}, max ${sorted[sorted.length - 1]?.toFixed(0)}`,
      );
    }
    const [statements] = await db.query<{ orders: string }>("SELECT count(*) AS orders FROM orders");
    log(
      `orders written: ${statements?.orders}; load average ${(await import("node:os"))
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
  } finally {
    await redis.close();
    await db.close();
    await scratch.drop();
  }
}

await main();
