import { randomUUID } from "node:crypto";
import {
  connectPostgres,
  connectRedis,
  createPostgresPorts,
  InProcessReservationTimer,
  isRedisCluster,
  migrate,
  type RedisClient,
  RedisReservationTimer,
  type SqlRunner,
  SystemClock,
} from "@orders/adapters";
import {
  type Actor,
  type Catalog,
  type Clock,
  createOrderService,
  type OrderService,
  type Orders,
  type ReservationTimer,
  type StockLedger,
} from "@orders/domain";
import { createInMemoryPorts, FixedClock } from "@orders/domain/testing";
import { postgresUrl, redisUrl } from "../../../adapters/test/support/servers.js";
import { WallClock } from "./WallClock.js";

/** The worker's tests place many orders for one customer: no hold limits. */
const NO_HOLD_LIMITS = {
  maxPendingUnitsPerProduct: Number.MAX_SAFE_INTEGER,
  maxPendingOrders: Number.MAX_SAFE_INTEGER,
};

// Real servers when configured (TEST_DATABASE_URL, TEST_REDIS_URL); with CI=true a missing one fails.
export { postgresUrl as testDatabaseUrl, redisUrl as testRedisUrl };

/** One order service over one store and one timer, as the HTTP app and workers would share them. */
export interface Harness {
  readonly label: string;
  /** Use cases on the real clock. */
  readonly service: OrderService;
  /** Use cases whose clock is frozen at `at`: orders placed through it all expire together. */
  placingService(at: Date): OrderService;
  readonly stock: StockLedger;
  readonly catalog: Catalog;
  readonly orders: Orders;
  readonly timer: ReservationTimer;
  readonly clock: Clock;
  readonly actor: Actor;
  readonly warehouseId: number;
  readonly productId: number;
  /** Time enough to place 1,000 orders (deadlines shared by a batch are set this far ahead). */
  readonly placingBudgetMs: number;
  /** Loses every timer entry (Redis flush of this test's keys; a fresh in-process heap). */
  loseTimerEntries(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly ttlSeconds: number;
  /** Units of the test product put in stock. */
  readonly units: number;
}

/** The shared timer: real Redis (own key prefix) when TEST_REDIS_URL is set, else in-process. */
async function makeTimer(): Promise<{
  timer: ReservationTimer;
  label: string;
  lose: () => Promise<void>;
  close: () => Promise<void>;
}> {
  const url = redisUrl();
  if (url === undefined) {
    // A proxy so "losing" the entries can swap the heap under running workers.
    let heap = new InProcessReservationTimer({ leaseMs: 5_000 });
    const timer: ReservationTimer = {
      schedule: (id, at) => heap.schedule(id, at),
      scheduleMany: (entries) => heap.scheduleMany(entries),
      cancel: (id) => heap.cancel(id),
      claimDue: (now, limit) => heap.claimDue(now, limit),
    };
    return {
      timer,
      label: "in-process timer",
      lose: async () => {
        heap = new InProcessReservationTimer({ leaseMs: 5_000 });
      },
      close: async () => undefined,
    };
  }
  const client: RedisClient = await connectRedis(url);
  const prefix = `test-worker-${randomUUID().slice(0, 8)}`;
  const lose = async () => {
    if (isRedisCluster(client)) throw new Error("the worker harness runs on one Redis server");
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `{${prefix}}*`, COUNT: 1000 })) keys.push(...batch);
    if (keys.length > 0) await client.unlink(keys);
  };
  return {
    timer: new RedisReservationTimer(client, { prefix, leaseMs: 5_000 }),
    label: "Redis timer",
    lose,
    close: async () => {
      await lose();
      client.destroy();
    },
  };
}

/** In-memory store (the domain's fakes) with the test timer. */
export async function makeInMemoryHarness(options: HarnessOptions): Promise<Harness> {
  const t = await makeTimer();
  const clock = new WallClock();
  const ports = createInMemoryPorts(clock);
  const warehouse = ports.db.addWarehouse({ name: "Main" });
  const product = ports.db.addProduct({ sku: "SKU-T", name: "Thing", priceCents: 100 });
  await ports.stock.adjust(warehouse.id, product.id, options.units);
  const settings = { reservationTtlSeconds: options.ttlSeconds, ...NO_HOLD_LIMITS };
  return {
    label: `in-memory store, ${t.label}`,
    service: createOrderService({ ...ports, timer: t.timer, clock: new SystemClock() }, settings),
    placingService: (at) => createOrderService({ ...ports, timer: t.timer, clock: new FixedClock(at) }, settings),
    stock: ports.stock,
    catalog: ports.catalog,
    orders: ports.orders,
    timer: t.timer,
    clock,
    actor: { userId: 1, role: "customer" },
    warehouseId: warehouse.id,
    productId: product.id,
    placingBudgetMs: 500,
    loseTimerEntries: t.lose,
    close: t.close,
  };
}

/**
 * A database of its own on the test server (CREATE DATABASE worker_test_<random>, dropped by
 * `drop`), so these tests never meet another suite's rows.
 */
export async function createScratchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `worker_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = connectPostgres({ connectionString: adminUrl, max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** Real Postgres (a scratch database, migrated and seeded) with the test timer. */
export async function makePostgresHarness(options: HarnessOptions, adminUrl: string): Promise<Harness> {
  const scratch = await createScratchDatabase(adminUrl);
  let db: SqlRunner | undefined;
  let t: Awaited<ReturnType<typeof makeTimer>> | undefined;
  try {
    db = connectPostgres({ connectionString: scratch.url, max: 10 });
    await migrate(db, { seed: true });
    t = await makeTimer();
    const ports = createPostgresPorts(db);
    // Seeded: customer 2; product 2 held in warehouse 1. Set its stock to exactly `units`.
    const warehouseId = 1;
    const productId = 2;
    const [row] = await ports.catalog.levels({ productIds: [productId], warehouseId });
    await ports.stock.adjust(warehouseId, productId, options.units - (row?.onHand ?? 0));
    const timer = t.timer;
    const closeTimer = t.close;
    const stores = { ...ports, hasher: FAKE.hasher, tokens: FAKE.tokens, loginAttempts: FAKE.loginAttempts };
    const settings = { reservationTtlSeconds: options.ttlSeconds, ...NO_HOLD_LIMITS };
    const clock = new SystemClock();
    const openDb = db;
    return {
      label: `Postgres, ${t.label}`,
      service: createOrderService({ ...stores, timer, clock }, settings),
      placingService: (at) => createOrderService({ ...stores, timer, clock: new FixedClock(at) }, settings),
      stock: ports.stock,
      catalog: ports.catalog,
      orders: ports.orders,
      timer,
      clock,
      actor: { userId: 2, role: "customer" },
      warehouseId,
      productId,
      placingBudgetMs: 6_000,
      loseTimerEntries: t.lose,
      close: async () => {
        await closeTimer();
        await openDb.close();
        await scratch.drop();
      },
    };
  } catch (error) {
    await t?.close();
    await db?.close();
    await scratch.drop();
    throw error;
  }
}

/** The worker never logs anyone in: the identity ports come from the fakes. */
const FAKE = createInMemoryPorts();
