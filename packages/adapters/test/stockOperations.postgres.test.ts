// Receipts, adjustments and counts raced against checkout, pay, cancel and expiry on one stock row
// of real PostgreSQL; and a count judged on the row as locked, never on a stale read.

import {
  type Actor,
  type Clock,
  InsufficientStockError,
  OrderNotCancellableError,
  OrderNotPayableError,
  replayLedger,
} from "@orders/domain";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditDatabase } from "../src/audit/auditDatabase.js";
import { connectPostgres, createPostgresPorts, migrate, type SqlRunner } from "../src/postgres/index.js";
import { orderServiceOn } from "./support/orderServiceOn.js";
import { createTestSchema, type TestSchema } from "./support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "./support/servers.js";

const RACE_MS = 10_000;
const START_ON_HAND = 30;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

const wallClock: Clock = { now: () => new Date() };
/** The expirer's clock runs an hour ahead: every pending order is overdue to it. */
const aheadClock: Clock = { now: () => new Date(Date.now() + 3_600_000) };

describeWithServer("postgres")("stock receipts, adjustments and counts under contention", () => {
  let schema: TestSchema;
  let setup: SqlRunner;
  const pools: SqlRunner[] = [];
  let admin: Actor;
  let customer: Actor;
  let warehouseId: number;
  let products = 0;

  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "stockops");
    setup = connectPostgres({ connectionString: schema.url, max: 2 });
    pools.push(setup);
    await migrate(setup);
    const users = await setup.query<{ id: string; role: "admin" | "customer" }>(
      `INSERT INTO users (email, password_hash, role) VALUES ('a@example.com', 'x', 'admin'), ('c@example.com', 'x', 'customer')
       RETURNING id, role`,
      [],
    );
    admin = { userId: Number(users.find((u) => u.role === "admin")?.id), role: "admin" };
    customer = { userId: Number(users.find((u) => u.role === "customer")?.id), role: "customer" };
    const [w] = await setup.query<{ id: string }>(
      "INSERT INTO warehouses (name, priority) VALUES ('Hot', 1) RETURNING id",
      [],
    );
    warehouseId = Number(w?.id);
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await schema?.drop();
  });

  const pool = (max: number) => {
    const db = connectPostgres({ connectionString: schema.url, max });
    pools.push(db);
    return db;
  };

  const givenProduct = async (onHand: number): Promise<number> => {
    products++;
    const [row] = await setup.query<{ id: string }>(
      "INSERT INTO products (sku, name, price_cents) VALUES ($1, $1, 100) RETURNING id",
      [`STOCKOPS-${products}`],
    );
    const productId = Number(row?.id);
    await createPostgresPorts(setup).stock.adjust(warehouseId, productId, onHand);
    return productId;
  };

  const rowOf = async (productId: number) => {
    const [row] = await setup.query<{ on_hand: number; reserved: number }>(
      "SELECT on_hand, reserved FROM warehouse_stock WHERE warehouse_id = $1 AND product_id = $2",
      [warehouseId, productId],
    );
    return { onHand: Number(row?.on_hand), reserved: Number(row?.reserved) };
  };

  const expectLedgerReplays = async (productId: number) => {
    const movements = await createPostgresPorts(setup).stock.movements({ productId });
    const [replayed] = replayLedger(movements);
    expect(replayed).toEqual({ warehouseId, productId, ...(await rowOf(productId)) });
  };

  it(
    "receipts, deltas and counts racing checkouts, pays, cancels and expiries: never reserved > on_hand, the ledger replays, only domain refusals",
    async () => {
      const productId = await givenProduct(START_ON_HAND);
      const counts = {
        checkout: 0,
        pay: 0,
        cancel: 0,
        expired: 0,
        receipt: 0,
        delta: 0,
        count: 0,
        refusedCheckout: 0,
        refusedAdjustment: 0,
        refusedCount: 0,
        lostClose: 0,
        samples: 0,
      };
      const errors: unknown[] = [];
      const badSamples: unknown[] = [];
      const deadline = Date.now() + RACE_MS;
      // One connection per client: nobody waits for a connection, only for the row.
      const shop = orderServiceOn(pool(8), wallClock);
      const expirer = orderServiceOn(pool(1), aheadClock);
      const operators = orderServiceOn(pool(4), wallClock);
      const loop = async (body: () => Promise<void>, pauseMs: number) => {
        while (Date.now() < deadline) {
          try {
            await body();
          } catch (error) {
            errors.push(error);
          }
          await sleep(Math.random() * pauseMs);
        }
      };

      const customerLoop = () =>
        loop(async () => {
          let orderId: number;
          try {
            orderId = (
              await shop.placeOrder.execute({ actor: customer, items: [{ productId, quantity: randomInt(1, 3) }] })
            ).id;
            counts.checkout++;
          } catch (error) {
            if (!(error instanceof InsufficientStockError)) throw error;
            counts.refusedCheckout++;
            return;
          }
          await sleep(Math.random() * 5);
          const fate = Math.random();
          try {
            if (fate < 0.4) {
              await shop.payOrder.execute({ actor: customer, orderId });
              counts.pay++;
            } else if (fate < 0.7) {
              await shop.cancelOrder.execute({ actor: customer, orderId });
              counts.cancel++;
            }
            // Otherwise the order stays pending for the expirer.
          } catch (error) {
            // The expirer closed it first: exactly one of them moves an order.
            if (!(error instanceof OrderNotPayableError || error instanceof OrderNotCancellableError)) throw error;
            counts.lostClose++;
          }
        }, 3);

      const expiry = () =>
        loop(async () => {
          counts.expired += (await expirer.expireOverdueReservations.execute({ limit: 50 })).length;
        }, 20);

      const receipts = () =>
        loop(async () => {
          await operators.receiveStock.execute({
            actor: admin,
            warehouseId,
            lines: [{ productId, quantity: randomInt(1, 4) }],
            reference: "race",
          });
          counts.receipt++;
        }, 10);

      const deltas = () =>
        loop(async () => {
          const delta = randomInt(1, 4) * (Math.random() < 0.5 ? -1 : 1);
          try {
            await operators.adjustStock.execute({ actor: admin, warehouseId, productId, reason: "correction", delta });
            counts.delta++;
          } catch (error) {
            if (!(error instanceof InsufficientStockError)) throw error;
            counts.refusedAdjustment++;
          }
        }, 5);

      const stocktake = () =>
        loop(async () => {
          // Aim around what is reserved, so some counts pass and some are refused.
          const { reserved } = await rowOf(productId);
          const countedQuantity = Math.max(0, reserved + randomInt(-3, 10));
          try {
            await operators.adjustStock.execute({
              actor: admin,
              warehouseId,
              productId,
              reason: "count",
              countedQuantity,
            });
            counts.count++;
          } catch (error) {
            if (!(error instanceof InsufficientStockError)) throw error;
            counts.refusedCount++;
          }
        }, 5);

      const sampler = () =>
        loop(async () => {
          const row = await rowOf(productId);
          counts.samples++;
          if (!(row.reserved >= 0 && row.reserved <= row.onHand)) badSamples.push(row);
        }, 2);

      await Promise.all([
        ...Array.from({ length: 6 }, customerLoop),
        expiry(),
        receipts(),
        deltas(),
        stocktake(),
        sampler(),
      ]);
      // Whatever is still pending is expired now, so the final state has nothing reserved.
      await expirer.expireOverdueReservations.execute({ limit: 10_000 });

      expect(errors).toEqual([]);
      expect(badSamples).toEqual([]);
      for (const [name, n] of Object.entries(counts)) {
        if (name !== "lostClose" && name !== "refusedCheckout") expect(n, name).toBeGreaterThan(0);
      }
      const row = await rowOf(productId);
      expect(row.reserved).toBe(0);
      expect(row.onHand).toBeGreaterThanOrEqual(0);
      await expectLedgerReplays(productId);
      expect(await auditDatabase(setup, { sweepIntervalSeconds: 30 })).toEqual([]);
      console.info(`stock operations race, ${RACE_MS / 1000} s on one row: ${JSON.stringify(counts)}`);
    },
    RACE_MS + 60_000,
  );

  /**
   * A checkout (placePending) and a sale-like adjustment hold the row in one open transaction;
   * the count waits for that lock. `count` is the port's; `staleCount` reads on_hand first and
   * adjusts by the difference, as a count must not.
   */
  const countWhileHeld = async (
    productId: number,
    held: { reserve: number; onHandDelta: number },
    count: (counted: number) => Promise<unknown>,
    counted: number,
  ) => {
    const db = pool(2);
    const ports = createPostgresPorts(db);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = () => {};
    const held$ = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const holder = ports.unitOfWork.run(async (tx) => {
      await tx.reservations.placePending({
        userId: customer.userId,
        totalCents: 100 * held.reserve,
        lines: [{ productId, warehouseId, quantity: held.reserve, unitPriceCents: 100 }],
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 300_000),
      });
      await tx.stock.adjust(warehouseId, productId, held.onHandDelta);
      holding();
      await gate;
    });
    await held$;
    const counting = count(counted).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    // The count waits on the row lock (or, stale, has already read the old on_hand).
    await sleep(300);
    release();
    await holder;
    return counting;
  };

  it("judges a count on the locked row: the delta is count - locked on_hand, the refusal counts locked reserved", async () => {
    const ports = createPostgresPorts(pool(2));
    const record = { actorUserId: admin.userId, reason: "count" as const, note: null };

    // 10 on hand; a checkout of 4 and a removal of 3 commit while the count waits: the count of 5
    // leaves on_hand 5, its ledger row -2 (5 - 7), not -5 (5 - 10 as read before the lock).
    const first = await givenProduct(10);
    const counted = await countWhileHeld(
      first,
      { reserve: 4, onHandDelta: -3 },
      (n) => ports.stock.count(warehouseId, first, n, record),
      5,
    );
    expect(counted).toEqual({ value: { warehouseId, productId: first, onHand: 5, reserved: 4 } });
    const [countRow] = await ports.stock
      .movements({ productId: first, kind: "adjust", afterId: 0 })
      .then((rows) => rows.filter((m) => m.reason === "count"));
    expect(countRow?.onHandDelta).toBe(-2);
    await expectLedgerReplays(first);

    // 10 on hand; a checkout of 8 commits while the count of 6 waits: refused, judged on the
    // locked reserved 8 (a read before the lock saw reserved 0 and would have let it through).
    const second = await givenProduct(10);
    const refused = await countWhileHeld(
      second,
      { reserve: 8, onHandDelta: 0 },
      (n) => ports.stock.count(warehouseId, second, n, record),
      6,
    );
    expect(refused).toMatchObject({
      error: { code: "insufficient_stock", requested: 4, available: 2, warehouseId, productId: second },
    });
    expect(await rowOf(second)).toEqual({ onHand: 10, reserved: 8 });
    await expectLedgerReplays(second);
  });

  it("a count from a stale read fails that same scenario: it moves by count - on_hand as read before the lock", async () => {
    const ports = createPostgresPorts(pool(2));
    const productId = await givenProduct(10);
    const staleCount = async (counted: number) => {
      const before = await rowOf(productId);
      return ports.stock.adjust(warehouseId, productId, counted - before.onHand, {
        actorUserId: admin.userId,
        reason: "count",
      });
    };
    // It reads the committed on_hand 10, waits for the lock, then moves by 5 - 10 = -5 from 7:
    // a valid count of 5 (4 reserved) is refused, where the locked count above answered on_hand 5.
    const result = await countWhileHeld(productId, { reserve: 4, onHandDelta: -3 }, staleCount, 5);
    expect(result).toMatchObject({ error: { code: "insufficient_stock" } });
    expect(await rowOf(productId)).toEqual({ onHand: 7, reserved: 4 });
  });
});
