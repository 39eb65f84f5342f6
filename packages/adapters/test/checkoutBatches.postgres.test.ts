// Coalesced checkout on real Postgres: batches, hold limits under races (one and two processes), a failed batch.
import {
  type Actor,
  createOrderService,
  HoldLimitReachedError,
  InsufficientStockError,
  type OrderServiceOptions,
  replayLedger,
  SlidingWindowLoginAttempts,
  type StockLevel,
  StorageUnavailableError,
} from "@orders/domain";
import { FakePasswordHasher, FakeTokenIssuer, FixedClock, InMemoryReservationTimer } from "@orders/domain/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connectPostgres, createPostgresPorts, migrate, type SqlRunner } from "../src/postgres/index.js";
import { RESERVE_ORDERS_SQL } from "../src/postgres/reservationSql.js";
import { createTestSchema, type TestSchema } from "./support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "./support/servers.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");
const NO_LIMITS = { maxPendingUnitsPerProduct: 1_000_000, maxPendingOrders: 1_000_000 };

/** `db` with every batch statement's order count recorded (in and out of transactions). */
function watched(db: SqlRunner) {
  const batches: number[] = [];
  const wrap = (inner: SqlRunner): SqlRunner => ({
    query: (sql, params) => {
      if (sql === RESERVE_ORDERS_SQL) batches.push((params?.[0] as unknown[] | undefined)?.length ?? 0);
      return inner.query(sql, params);
    },
    transaction: (work) => inner.transaction((tx) => work(wrap(tx))),
    close: () => inner.close(),
  });
  return { runner: wrap(db), batches };
}

describeWithServer("postgres")("checkout batches on real Postgres", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  let warehouseId: number;
  let productCount = 0;

  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "batches");
    // 1,200 checkouts at once queue for 20 connections: on a shared 2-core box that wait passes 5 s.
    db = connectPostgres({ connectionString: schema.url, max: 20, connectionTimeoutMillis: 60_000 });
    await migrate(db);
    const [w] = await db.query<{ id: string }>("INSERT INTO warehouses (name, priority) VALUES ('A', 1) RETURNING id");
    warehouseId = Number(w?.id);
  });

  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });

  const givenCustomers = async (n: number): Promise<Actor[]> => {
    const rows = await db.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, role)
       SELECT 'c' || g || '-' || $2::text || '@example.com', 'x', 'customer' FROM generate_series(1, $1::integer) g
       RETURNING id`,
      [n, `${Date.now()}-${Math.random()}`],
    );
    return rows.map((r) => ({ userId: Number(r.id), role: "customer" }));
  };

  const givenHotProduct = async (units: number): Promise<number> => {
    productCount++;
    const [row] = await db.query<{ id: string }>(
      "INSERT INTO products (sku, name, price_cents) VALUES ($1, $1, 100) RETURNING id",
      [`HOT-${productCount}`],
    );
    const productId = Number(row?.id);
    await createPostgresPorts(db).stock.adjust(warehouseId, productId, units);
    return productId;
  };

  const serviceOn = (runner: SqlRunner, options: Partial<OrderServiceOptions> = {}) => {
    const clock = new FixedClock(T0);
    const timer = new InMemoryReservationTimer(clock);
    const service = createOrderService(
      {
        ...createPostgresPorts(runner),
        clock,
        timer,
        hasher: new FakePasswordHasher(),
        tokens: new FakeTokenIssuer(clock),
        loginAttempts: new SlidingWindowLoginAttempts({ clock }),
      },
      { reservationTtlSeconds: 300, ...options },
    );
    return { service, timer };
  };

  const levelOf = async (productId: number) => {
    const [level] = await createPostgresPorts(db).catalog.levels({ productIds: [productId] });
    return { onHand: level?.onHand ?? 0, reserved: level?.reserved ?? 0 };
  };

  const expectLedgerReplaysToLevels = async (productId: number) => {
    const ports = createPostgresPorts(db);
    const replayed = replayLedger(await ports.stock.movements({ productId }));
    const levels = await ports.catalog.levels({ productIds: [productId] });
    expect(replayed).toEqual(levels.map(({ warehouseStatus: _s, warehousePriority: _p, ...rest }: StockLevel) => rest));
  };

  /** Pending units and orders per customer of `productId`. */
  const holdsOf = (productId: number) =>
    db.query<{ user_id: string; units: string; orders: string }>(
      `SELECT o.user_id, sum(i.quantity) AS units, count(DISTINCT o.id) AS orders
       FROM orders o JOIN order_items i ON i.order_id = o.id
       WHERE o.status = 'pending' AND i.product_id = $1 GROUP BY o.user_id`,
      [productId],
    );

  const settle = async <T>(work: Promise<T>[]) => {
    const results = await Promise.allSettled(work);
    return {
      fulfilled: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
      errors: results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : [])),
    };
  };

  it("carries parallel checkouts in fewer statements than checkouts, one timer call per batch", async () => {
    const productId = await givenHotProduct(100);
    const customers = await givenCustomers(60);
    const { runner, batches } = watched(db);
    const { service, timer } = serviceOn(runner, NO_LIMITS);

    const { fulfilled, errors } = await settle(
      customers.map((actor) => service.placeOrder.execute({ actor, items: [{ productId, quantity: 1 }] })),
    );

    expect(errors).toEqual([]);
    expect(fulfilled).toHaveLength(60);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(60);
    expect(batches.length).toBeLessThan(60);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(timer.scheduleManyCalls).toBe(batches.length);
    expect(timer.due.size).toBe(60);
    // The hot row moved once per batch, one ledger row per order, the customer as actor.
    const [actors] = await db.query<{ n: string; right: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE m.actor_user_id = o.user_id) AS right
       FROM stock_movements m JOIN orders o ON o.id = m.order_id WHERE m.product_id = $1 AND m.kind = 'reserve'`,
      [productId],
    );
    expect(actors).toEqual({ n: "60", right: "60" });
    expect(await levelOf(productId)).toEqual({ onHand: 100, reserved: 60 });
    await expectLedgerReplaysToLevels(productId);
  });

  it("100 parallel checkouts of a hot SKU by one customer leave at most the caps reserved", async () => {
    const productId = await givenHotProduct(1_000);
    const [customer] = await givenCustomers(1);
    if (customer === undefined) throw new Error("no customer");
    const checkout = (service: ReturnType<typeof serviceOn>["service"], quantity: number) =>
      service.placeOrder.execute({ actor: customer, items: [{ productId, quantity }] });

    // The defaults: 5 pending orders.
    const byOrders = serviceOn(db).service;
    const first = await settle(Array.from({ length: 100 }, () => checkout(byOrders, 1)));
    expect(first.fulfilled).toHaveLength(5);
    expect(first.errors.every((e) => e instanceof HoldLimitReachedError && e.limit === "pending_orders")).toBe(true);
    expect(await levelOf(productId)).toEqual({ onHand: 1_000, reserved: 5 });

    // 10 pending units of one product: 5 more units in 3-unit orders is one more order.
    const byUnits = serviceOn(db, { maxPendingOrders: 1_000 }).service;
    const second = await settle(Array.from({ length: 100 }, () => checkout(byUnits, 3)));
    expect(second.fulfilled).toHaveLength(1);
    expect(
      second.errors.every((e) => e instanceof HoldLimitReachedError && e.limit === "pending_units_per_product"),
    ).toBe(true);
    expect(await levelOf(productId)).toEqual({ onHand: 1_000, reserved: 8 });
    await expectLedgerReplaysToLevels(productId);
  });

  it("1,000 customers racing for 50 units (some sending 20 checkouts each): exactly 50 reserved, every customer within the caps", async () => {
    const productId = await givenHotProduct(50);
    const customers = await givenCustomers(1_000);
    const greedy = customers.slice(0, 10);
    const { service } = serviceOn(db, { maxPendingUnitsPerProduct: 4, maxPendingOrders: 3 });
    const checkouts = [
      ...greedy.flatMap((actor) =>
        Array.from({ length: 20 }, () => service.placeOrder.execute({ actor, items: [{ productId, quantity: 2 }] })),
      ),
      ...customers.map((actor) => service.placeOrder.execute({ actor, items: [{ productId, quantity: 1 }] })),
    ];

    const { fulfilled, errors } = await settle(checkouts);

    const reserved = fulfilled.reduce((sum, o) => sum + (o.lines[0]?.quantity ?? 0), 0);
    expect(reserved).toBe(50);
    expect(errors.filter((e) => !(e instanceof InsufficientStockError || e instanceof HoldLimitReachedError))).toEqual(
      [],
    );
    const { onHand, reserved: stored } = await levelOf(productId);
    expect(stored + (onHand - stored)).toBe(50);
    expect(stored).toBe(50);
    for (const hold of await holdsOf(productId)) {
      expect(Number(hold.units)).toBeLessThanOrEqual(4);
      expect(Number(hold.orders)).toBeLessThanOrEqual(3);
    }
    await expectLedgerReplaysToLevels(productId);
  });

  it("two processes (two pools, two coalescers) racing one customer's caps: the caps hold", async () => {
    const productId = await givenHotProduct(1_000);
    const [customer] = await givenCustomers(1);
    if (customer === undefined) throw new Error("no customer");
    const other = connectPostgres({ connectionString: schema.url, max: 10 });
    try {
      const limits = { maxPendingUnitsPerProduct: 10, maxPendingOrders: 1_000 };
      const first = serviceOn(db, limits).service;
      const second = serviceOn(other, limits).service;
      const { fulfilled, errors } = await settle(
        Array.from({ length: 200 }, (_, i) =>
          (i % 2 === 0 ? first : second).placeOrder.execute({ actor: customer, items: [{ productId, quantity: 1 }] }),
        ),
      );
      expect(fulfilled).toHaveLength(10);
      expect(errors.every((e) => e instanceof HoldLimitReachedError)).toBe(true);
      expect(await levelOf(productId)).toEqual({ onHand: 1_000, reserved: 10 });
      expect(await holdsOf(productId)).toEqual([{ user_id: String(customer.userId), units: "10", orders: "10" }]);
    } finally {
      await other.close();
    }
  });

  it("a batch whose statement fails answers each of its checkouts storage_unavailable and writes nothing", async () => {
    const productId = await givenHotProduct(100);
    const customers = await givenCustomers(30);
    // The statement fails after it has inserted the orders and items, as a serialization failure
    // would: its ledger rows for this product raise 40001. One statement: all of it rolls back.
    await db.query(`
      CREATE FUNCTION fail_reserve_${productId}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$`);
    await db.query(`
      CREATE TRIGGER fail_reserve_${productId} BEFORE INSERT ON stock_movements
      FOR EACH ROW WHEN (NEW.product_id = ${productId} AND NEW.kind = 'reserve')
      EXECUTE FUNCTION fail_reserve_${productId}()`);
    const { runner, batches } = watched(db);
    const { service, timer } = serviceOn(runner, NO_LIMITS);

    const { fulfilled, errors } = await settle(
      customers.map((actor) => service.placeOrder.execute({ actor, items: [{ productId, quantity: 1 }] })),
    );

    expect(fulfilled).toEqual([]);
    expect(errors).toHaveLength(30);
    expect(errors.every((e) => e instanceof StorageUnavailableError)).toBe(true);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(await levelOf(productId)).toEqual({ onHand: 100, reserved: 0 });
    const [written] = await db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM stock_movements WHERE product_id = $1 AND kind = 'reserve')
            + (SELECT count(*) FROM order_items WHERE product_id = $1) AS n`,
      [productId],
    );
    expect(written?.n).toBe("0");
    expect(timer.due.size).toBe(0);
    await db.query(`DROP TRIGGER fail_reserve_${productId} ON stock_movements`);
  });
});
