// Races against the real server, driven through the use cases over a pool of 20 connections.
import {
  type Actor,
  InsufficientStockError,
  OrderNotPayableError,
  replayLedger,
  type StockLevel,
} from "@orders/domain";
import { FixedClock } from "@orders/domain/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { connectPostgres, createPostgresPorts, migrate, type SqlRunner } from "../src/postgres/index.js";
import { orderServiceOn, RESERVATION_TTL_SECONDS } from "./support/orderServiceOn.js";
import { createTestSchema, type TestSchema } from "./support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "./support/servers.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");

describeWithServer("postgres")("concurrency on real Postgres", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  let admin: Actor;
  let customer: Actor;
  let warehouseA: number;
  let warehouseB: number;
  let productCount = 0;

  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "concurrency");
    db = connectPostgres({ connectionString: schema.url, max: 20 });
    await migrate(db);
    const [a, c] = await db.query<{ id: string }>(
      `INSERT INTO users (email, phone, password_hash, role) VALUES
         ('admin@example.com', NULL, 'x', 'admin'), ('customer@example.com', NULL, 'x', 'customer') RETURNING id`,
      [],
    );
    admin = { userId: Number(a?.id), role: "admin" };
    customer = { userId: Number(c?.id), role: "customer" };
    const [wa, wb] = await db.query<{ id: string }>(
      "INSERT INTO warehouses (name, priority) VALUES ('A', 1), ('B', 2) RETURNING id",
      [],
    );
    warehouseA = Number(wa?.id);
    warehouseB = Number(wb?.id);
  });

  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });

  let ports: ReturnType<typeof createPostgresPorts>;
  beforeEach(() => {
    ports = createPostgresPorts(db);
  });

  /** A new product with `stock` units per warehouse id, written through the ledger. */
  const givenProduct = async (stock: Record<number, number>): Promise<number> => {
    productCount++;
    const [row] = await db.query<{ id: string }>(
      "INSERT INTO products (sku, name, price_cents) VALUES ($1, $1, 100) RETURNING id",
      [`RACE-${productCount}`],
    );
    const productId = Number(row?.id);
    for (const [warehouseId, units] of Object.entries(stock)) {
      await ports.stock.adjust(Number(warehouseId), productId, units);
    }
    return productId;
  };

  const levelsOf = (productId: number) => ports.catalog.levels({ productIds: [productId] });

  const expectLedgerReplaysToLevels = async (productId: number) => {
    const replayed = replayLedger(await ports.stock.movements({ productId }));
    const levels = await levelsOf(productId);
    expect(replayed).toEqual(levels.map(({ warehouseStatus: _s, warehousePriority: _p, ...rest }: StockLevel) => rest));
  };

  const settle = async <T>(work: Promise<T>[]) => {
    const results = await Promise.allSettled(work);
    const fulfilled = results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === "fulfilled");
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    return { fulfilled: fulfilled.map((r) => r.value), errors };
  };

  it("200 parallel checkouts of one unit on 50 in stock: exactly 50 succeed, the rest are insufficient_stock", async () => {
    const productId = await givenProduct({ [warehouseA]: 50 });
    const service = orderServiceOn(db, new FixedClock(T0));
    const { fulfilled, errors } = await settle(
      Array.from({ length: 200 }, () =>
        service.placeOrder.execute({ actor: customer, items: [{ productId, quantity: 1 }] }),
      ),
    );
    expect(fulfilled).toHaveLength(50);
    expect(errors.every((e) => e instanceof InsufficientStockError)).toBe(true);
    const [level] = await levelsOf(productId);
    const reserved = level?.reserved ?? -1;
    const available = (level?.onHand ?? 0) - reserved;
    expect(reserved + available).toBe(50);
    expect(reserved).toBe(fulfilled.length);
    await expectLedgerReplaysToLevels(productId);
  });

  it("50 parallel pays of one order: exactly one succeeds", async () => {
    const productId = await givenProduct({ [warehouseA]: 10 });
    const service = orderServiceOn(db, new FixedClock(T0));
    const order = await service.placeOrder.execute({ actor: customer, items: [{ productId, quantity: 3 }] });
    const { fulfilled, errors } = await settle(
      Array.from({ length: 50 }, () => service.payOrder.execute({ actor: customer, orderId: order.id })),
    );
    expect(fulfilled).toHaveLength(1);
    expect(errors.every((e) => e instanceof OrderNotPayableError)).toBe(true);
    expect(await levelsOf(productId)).toMatchObject([{ onHand: 7, reserved: 0 }]);
    const sales = (await ports.stock.movements({ orderId: order.id })).filter((m) => m.kind === "sale");
    expect(sales).toHaveLength(1);
    await expectLedgerReplaysToLevels(productId);
  });

  it("pay racing expiry on 100 orders: each order ends paid xor expired, stock consistent", async () => {
    const productId = await givenProduct({ [warehouseA]: 100 });
    const beforeDeadline = orderServiceOn(db, new FixedClock(T0));
    const afterDeadline = orderServiceOn(db, new FixedClock(new Date(T0.getTime() + RESERVATION_TTL_SECONDS * 1000)));
    const orders = await Promise.all(
      Array.from({ length: 100 }, () =>
        beforeDeadline.placeOrder.execute({ actor: customer, items: [{ productId, quantity: 1 }] }),
      ),
    );
    const pays = settle(orders.map((o) => beforeDeadline.payOrder.execute({ actor: customer, orderId: o.id })));
    const expiries = settle(orders.map((o) => afterDeadline.expireReservation.execute({ orderId: o.id })));
    const sweeps = settle(
      Array.from({ length: 5 }, () => afterDeadline.expireOverdueReservations.execute({ limit: 10 })),
    );
    const [paid, expired, swept] = await Promise.all([pays, expiries, sweeps]);

    // Sweeps also expire earlier tests' overdue orders; count only this test's.
    const ours = new Set(orders.map((o) => o.id));
    const expiredIds = [
      ...expired.fulfilled.flatMap((r) => (r.outcome === "expired" ? [r.orderId] : [])),
      ...swept.fulfilled.flatMap((batch) => batch.map((e) => e.orderId)).filter((id) => ours.has(id)),
    ];
    const paidIds = paid.fulfilled.map((o) => o.id);
    expect(new Set([...paidIds, ...expiredIds]).size).toBe(paidIds.length + expiredIds.length);
    expect(paidIds.length + expiredIds.length).toBe(100);
    expect(paid.errors.every((e) => e instanceof OrderNotPayableError)).toBe(true);
    expect(expired.errors).toEqual([]);
    expect(swept.errors).toEqual([]);
    const statuses = await Promise.all(orders.map(async (o) => (await ports.orders.findById(o.id))?.status));
    expect(statuses.filter((s) => s === "paid")).toHaveLength(paidIds.length);
    expect(statuses.filter((s) => s === "expired")).toHaveLength(expiredIds.length);
    expect(await levelsOf(productId)).toMatchObject([{ onHand: 100 - paidIds.length, reserved: 0 }]);
    await expectLedgerReplaysToLevels(productId);
  });

  it("100 transfers A->B racing 100 B->A: no deadlock, total on_hand conserved", async () => {
    const productId = await givenProduct({ [warehouseA]: 100, [warehouseB]: 100 });
    const service = orderServiceOn(db);
    const transfer = (fromWarehouseId: number, toWarehouseId: number) =>
      service.transferStock.execute({ actor: admin, fromWarehouseId, toWarehouseId, productId, quantity: 1 });
    const { fulfilled, errors } = await settle(
      Array.from({ length: 100 }, () => [transfer(warehouseA, warehouseB), transfer(warehouseB, warehouseA)]).flat(),
    );
    expect(errors).toEqual([]);
    expect(fulfilled).toHaveLength(200);
    const levels = await levelsOf(productId);
    expect(levels.reduce((sum, l) => sum + l.onHand, 0)).toBe(200);
    await expectLedgerReplaysToLevels(productId);
  });

  it("100 two-item checkouts listing the items in opposite orders: no deadlock", async () => {
    const p = await givenProduct({ [warehouseA]: 100 });
    const q = await givenProduct({ [warehouseA]: 100 });
    const service = orderServiceOn(db, new FixedClock(T0));
    const checkout = (first: number, second: number) =>
      service.placeOrder.execute({
        actor: customer,
        items: [
          { productId: first, quantity: 1 },
          { productId: second, quantity: 1 },
        ],
      });
    const { fulfilled, errors } = await settle(
      Array.from({ length: 50 }, () => [checkout(p, q), checkout(q, p)]).flat(),
    );
    expect(errors).toEqual([]);
    expect(fulfilled).toHaveLength(100);
    expect(await levelsOf(p)).toMatchObject([{ onHand: 100, reserved: 100 }]);
    await expectLedgerReplaysToLevels(p);
    await expectLedgerReplaysToLevels(q);
  });
});
