// Issue 9: every multi-row stock statement, raced on a hot row against single-line reserve/release
// on real Postgres. A client must never be able to trigger a constraint violation (23514).
import { InsufficientStockError, type NewOrder, replayLedger, type StockLine } from "@orders/domain";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  connectPostgres,
  createPostgresPorts,
  migrate,
  type PostgresPorts,
  type SqlRunner,
} from "../src/postgres/index.js";
import { createTestSchema, type TestSchema } from "./support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "./support/servers.js";

/** How long each race runs. The seven races run at the same time, on rows of their own. */
const CONTENTION_MS = 10_000;
/** Clients looping "reserve 1 unit (single-line guarded UPDATE), sleep 0-5 ms, release it". */
const HOLDERS = 8;
/** Clients looping the statement under test with quantity = the free units they just read. */
const RACERS = 3;
const HOT_ON_HAND = 20;
const COLD_ON_HAND = 1_000_000;
const T0 = new Date("2026-01-01T00:00:00.000Z");

/** Hold limits that never refuse: these races are about stock. */
const NO_HOLD_LIMITS = { maxPendingUnitsPerProduct: 1_000_000_000, maxPendingOrders: 1_000_000_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pgCode = (error: unknown) => (error as { code?: unknown }).code;

interface Race {
  /** Statements of the kind under test that committed. */
  done: number;
  /** Domain refusals (the racer read stale free units, or the row was fully held): expected. */
  insufficient: number;
  constraintViolations: number;
  /** Anything else: each one is a bug. */
  errors: unknown[];
}

describeWithServer("postgres")("multi-row stock statements under contention (issue 9)", () => {
  let schema: TestSchema;
  let setup: SqlRunner;
  let pools: SqlRunner[] = [];
  let customer: number;
  let warehouseA: number;
  let warehouseB: number;
  let productCount = 0;

  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "contention");
    setup = connectPostgres({ connectionString: schema.url, max: 1 });
    pools.push(setup);
    await migrate(setup);
    const [u] = await setup.query<{ id: string }>(
      "INSERT INTO users (email, phone, password_hash, role) VALUES ('racer@example.com', NULL, 'x', 'customer') RETURNING id",
      [],
    );
    customer = Number(u?.id);
    const [wa, wb] = await setup.query<{ id: string }>(
      "INSERT INTO warehouses (name, priority) VALUES ('A', 1), ('B', 2) RETURNING id",
      [],
    );
    warehouseA = Number(wa?.id);
    warehouseB = Number(wb?.id);
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    pools = [];
    await schema?.drop();
  });

  /** Each race gets a pool of its own, one connection per client, so no client waits for a connection. */
  const ledgerForOneRace = () => {
    const db = connectPostgres({ connectionString: schema.url, max: HOLDERS + RACERS });
    pools.push(db);
    return createPostgresPorts(db);
  };

  const givenProduct = async (ledger: PostgresPorts, stock: Record<number, number>): Promise<number> => {
    productCount++;
    const [row] = await setup.query<{ id: string }>(
      "INSERT INTO products (sku, name, price_cents) VALUES ($1, $1, 100) RETURNING id",
      [`CONTENTION-${productCount}`],
    );
    const productId = Number(row?.id);
    for (const [warehouseId, units] of Object.entries(stock))
      await ledger.stock.adjust(Number(warehouseId), productId, units);
    return productId;
  };

  const newOrder = (lines: readonly StockLine[]): NewOrder => ({
    userId: customer,
    lines: lines.map((l) => ({ ...l, unitPriceCents: 100 })),
    totalCents: 100 * lines.reduce((sum, l) => sum + l.quantity, 0),
    createdAt: T0,
    expiresAt: new Date(T0.getTime() + 300_000),
  });

  /** One order through checkout's coalesced write (reserve_orders), as a batch of one; a refusal throws. */
  const placeBatch = async (ledger: PostgresPorts, lines: readonly StockLine[]): Promise<number> => {
    const [placement] = await ledger.reservations.placeMany([newOrder(lines)], NO_HOLD_LIMITS);
    if (placement === undefined) throw new Error("placeMany answered no placement");
    if ("refused" in placement) throw placement.refused;
    return placement.placed.id;
  };

  /** The holders' reservation of one unit: the single-line statement, unless a race asks for the batch. */
  type Reserve = (ledger: PostgresPorts, line: StockLine) => Promise<number>;
  const reserveOne: Reserve = async (ledger, line) => (await ledger.reservations.placePending(newOrder([line]))).id;

  const freeAt = async (ledger: PostgresPorts, warehouseId: number, productId: number) => {
    const [level] = await ledger.catalog.levels({ warehouseId, productIds: [productId] });
    return level === undefined ? 0 : level.onHand - level.reserved;
  };

  /** Runs `holders` and `racers` loops until the deadline; a racer's failures are sorted into `race`. */
  const runRace = async (
    ledger: PostgresPorts,
    hot: { warehouseId: number; productId: number },
    racer: () => Promise<"done" | "idle">,
    reserve: Reserve = reserveOne,
  ): Promise<Race> => {
    const race: Race = { done: 0, insufficient: 0, constraintViolations: 0, errors: [] };
    const deadline = Date.now() + CONTENTION_MS;
    const record = (error: unknown) => {
      if (error instanceof InsufficientStockError) race.insufficient++;
      else if (pgCode(error) === "23514") race.constraintViolations++;
      else race.errors.push(error);
    };
    const holder = async () => {
      while (Date.now() < deadline) {
        try {
          const line = { ...hot, quantity: 1 };
          const orderId = await reserve(ledger, line);
          await sleep(Math.random() * 5);
          await ledger.reservations.release(orderId, [line], null);
        } catch (error) {
          if (!(error instanceof InsufficientStockError)) record(error);
          await sleep(1);
        }
      }
    };
    const racing = async () => {
      while (Date.now() < deadline) {
        try {
          if ((await racer()) === "done") race.done++;
          else await sleep(1);
        } catch (error) {
          record(error);
        }
      }
    };
    await Promise.all([...Array.from({ length: HOLDERS }, holder), ...Array.from({ length: RACERS }, racing)]);
    return race;
  };

  const expectRowsValidAndLedgerReplays = async (ledger: PostgresPorts, productIds: number[]) => {
    const levels = await ledger.catalog.levels({ productIds });
    for (const level of levels) {
      expect(level.reserved).toBeGreaterThanOrEqual(0);
      expect(level.onHand).toBeGreaterThanOrEqual(level.reserved);
    }
    const replayed = replayLedger(await ledger.stock.movements({}));
    const ours = replayed.filter((r) => productIds.includes(r.productId));
    expect(ours).toEqual(
      levels.map(({ warehouseId, productId, onHand, reserved }) => ({ warehouseId, productId, onHand, reserved })),
    );
  };

  /** Transfer: all the free units of one warehouse to the other, in either direction. */
  const transferRace = async (reserve: Reserve = reserveOne) => {
    const ledger = ledgerForOneRace();
    const productId = await givenProduct(ledger, { [warehouseA]: HOT_ON_HAND, [warehouseB]: HOT_ON_HAND });
    const race = await runRace(
      ledger,
      { warehouseId: warehouseA, productId },
      async () => {
        const [from, to] = Math.random() < 0.5 ? [warehouseA, warehouseB] : [warehouseB, warehouseA];
        const quantity = await freeAt(ledger, from, productId);
        if (quantity < 1) return "idle";
        await ledger.stock.transfer({ fromWarehouseId: from, toWarehouseId: to, productId, quantity });
        return "done";
      },
      reserve,
    );
    return {
      race,
      check: async () => {
        const levels = await ledger.catalog.levels({ productIds: [productId] });
        expect(levels.reduce((sum, l) => sum + l.onHand, 0)).toBe(2 * HOT_ON_HAND);
        expect(levels.every((l) => l.reserved === 0)).toBe(true);
        await expectRowsValidAndLedgerReplays(ledger, [productId]);
      },
    };
  };

  /**
   * A racer's reservation of the hot row's free units plus one cold unit: `reserve` makes it, `finish`
   * consumes it with the statement under test, and the hot row ends where it started.
   */
  const reserveThenFinishRace = async (
    reserve: (ledger: PostgresPorts, hot: StockLine, cold: StockLine) => Promise<number[]>,
    finish: (ledger: PostgresPorts, orderIds: number[], hot: StockLine, cold: StockLine) => Promise<void>,
  ) => {
    const ledger = ledgerForOneRace();
    const productId = await givenProduct(ledger, { [warehouseA]: HOT_ON_HAND });
    const coldId = await givenProduct(ledger, { [warehouseA]: COLD_ON_HAND });
    const race = await runRace(ledger, { warehouseId: warehouseA, productId }, async () => {
      const quantity = await freeAt(ledger, warehouseA, productId);
      if (quantity < 1) return "idle";
      const hot = { warehouseId: warehouseA, productId, quantity };
      const cold = { warehouseId: warehouseA, productId: coldId, quantity: 1 };
      const orderIds = await reserve(ledger, hot, cold);
      await sleep(Math.random() * 5);
      await finish(ledger, orderIds, hot, cold);
      return "done";
    });
    return {
      race,
      check: async () => {
        expect(await ledger.catalog.levels({ productIds: [productId] })).toMatchObject([
          { onHand: HOT_ON_HAND, reserved: 0 },
        ]);
        await expectRowsValidAndLedgerReplays(ledger, [productId, coldId]);
      },
    };
  };

  /** Two single-line reservations (the statement that is safe by construction), one order each. */
  const reserveEachLine = async (ledger: PostgresPorts, hot: StockLine, cold: StockLine) => {
    const first = await ledger.reservations.placePending(newOrder([hot]));
    const second = await ledger.reservations.placePending(newOrder([cold]));
    return [first.id, second.id];
  };

  it(
    "transfer, multi-line checkout (one order and coalesced), multi-line release and sale, and batch release: no 23514, no error, the ledger replays",
    async () => {
      const races = {
        transfer: transferRace(),
        // Multi-line checkout under test; each line is released by the single-line statement.
        multiLineCheckout: reserveThenFinishRace(
          async (ledger, hot, cold) => [(await ledger.reservations.placePending(newOrder([hot, cold]))).id],
          async (ledger, [orderId = 0], hot, cold) => {
            await ledger.reservations.release(orderId, [hot], null);
            await ledger.reservations.release(orderId, [cold], null);
          },
        ),
        // Multi-line release under test. The ledger does not ask which order holds the units.
        multiLineRelease: reserveThenFinishRace(reserveEachLine, (ledger, [orderId = 0], hot, cold) =>
          ledger.reservations.release(orderId, [hot, cold], null),
        ),
        // Multi-line sale under test; the sold units come back by adjustment.
        multiLineSale: reserveThenFinishRace(reserveEachLine, async (ledger, [orderId = 0], hot, cold) => {
          await ledger.reservations.settle(orderId, [hot, cold], null);
          await ledger.stock.adjust(hot.warehouseId, hot.productId, hot.quantity);
          await ledger.stock.adjust(cold.warehouseId, cold.productId, cold.quantity);
        }),
        // Checkout's coalesced write (reserve_orders) under test, multi-line.
        coalescedCheckout: reserveThenFinishRace(
          async (ledger, hot, cold) => [await placeBatch(ledger, [hot, cold])],
          async (ledger, [orderId = 0], hot, cold) => {
            await ledger.reservations.release(orderId, [hot, cold], null);
          },
        ),
        // Transfers racing holders that reserve through the coalesced write.
        transferVsCoalescedCheckout: transferRace((ledger, line) => placeBatch(ledger, [line])),
        // Batch release (the expiry sweep) under test.
        releaseMany: reserveThenFinishRace(reserveEachLine, (ledger, [hotOrder = 0, coldOrder = 0], hot, cold) =>
          ledger.reservations.releaseMany([
            { orderId: hotOrder, lines: [hot] },
            { orderId: coldOrder, lines: [cold] },
          ]),
        ),
      };
      const done = await Promise.all(Object.values(races));
      const names = Object.keys(races);
      const outcome = (pick: (race: Race) => unknown) =>
        Object.fromEntries(done.map(({ race }, i) => [names[i], pick(race)]));
      console.info(
        "committed / refused per race:",
        outcome((r) => `${r.done} / ${r.insufficient}`),
      );

      expect(outcome((r) => r.constraintViolations)).toEqual(outcome(() => 0));
      expect(outcome((r) => r.errors.map(String))).toEqual(outcome(() => []));
      expect(outcome((r) => r.done > 0)).toEqual(outcome(() => true));
      for (const { check } of done) await check();
    },
    CONTENTION_MS + 60_000,
  );
});
