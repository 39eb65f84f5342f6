import { randomUUID } from "node:crypto";
import {
  connectRedis,
  InProcessReservationTimer,
  type RedisClient,
  RedisReservationTimer,
  SystemClock,
} from "@orders/adapters";
import {
  type Actor,
  type Clock,
  createOrderService,
  type OrderService,
  type Orders,
  type ReservationTimer,
  type StockLedger,
} from "@orders/domain";
import { createInMemoryPorts, FixedClock } from "@orders/domain/testing";
import { WallClock } from "./WallClock.js";

/** One order service over one store and one timer, as the HTTP app and workers would share them. */
export interface Harness {
  readonly label: string;
  /** Use cases on the real clock. */
  readonly service: OrderService;
  /** Use cases whose clock is frozen at `at`: orders placed through it all expire together. */
  placingService(at: Date): OrderService;
  readonly stock: StockLedger;
  readonly orders: Orders;
  readonly timer: ReservationTimer;
  readonly clock: Clock;
  readonly actor: Actor;
  readonly warehouseId: number;
  readonly productId: number;
  /** Loses every timer entry (Redis flush of this test's keys; a fresh in-process heap). */
  loseTimerEntries(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly ttlSeconds: number;
  /** Units of the test product put in stock. */
  readonly units: number;
}

export function testRedisUrl(): string | undefined {
  const url = process.env.TEST_REDIS_URL;
  if (url === undefined || url === "") {
    if (process.env.CI === "true") throw new Error("TEST_REDIS_URL must be set when CI=true");
    return undefined;
  }
  return url;
}

/** The shared timer: real Redis (own key prefix) when TEST_REDIS_URL is set, else in-process. */
async function makeTimer(): Promise<{
  timer: ReservationTimer;
  label: string;
  lose: () => Promise<void>;
  close: () => Promise<void>;
}> {
  const url = testRedisUrl();
  if (url === undefined) {
    // A proxy so "losing" the entries can swap the heap under running workers.
    let heap = new InProcessReservationTimer({ leaseMs: 5_000 });
    const timer: ReservationTimer = {
      schedule: (id, at) => heap.schedule(id, at),
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
  const settings = { reservationTtlSeconds: options.ttlSeconds };
  return {
    label: `in-memory store, ${t.label}`,
    service: createOrderService({ ...ports, timer: t.timer, clock: new SystemClock() }, settings),
    placingService: (at) => createOrderService({ ...ports, timer: t.timer, clock: new FixedClock(at) }, settings),
    stock: ports.stock,
    orders: ports.orders,
    timer: t.timer,
    clock,
    actor: { userId: 1, role: "customer" },
    warehouseId: warehouse.id,
    productId: product.id,
    loseTimerEntries: t.lose,
    close: t.close,
  };
}
