import type { Actor, Clock } from "@orders/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditDatabase, awaitingRelease } from "../../src/audit/auditDatabase.js";
import { connectPostgres } from "../../src/postgres/connectPostgres.js";
import { createPostgresPorts } from "../../src/postgres/createPostgresPorts.js";
import { migrate } from "../../src/postgres/migrate.js";
import { openEmbeddedDatabase } from "../../src/postgres/openEmbeddedDatabase.js";
import type { SqlRunner } from "../../src/postgres/SqlRunner.js";
import { orderServiceOn } from "../support/orderServiceOn.js";
import { createTestSchema, type TestSchema } from "../support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "../support/servers.js";

const customer: Actor = { userId: 2, role: "customer" };
const wallClock: Clock = { now: () => new Date() };
const SWEEP = { sweepIntervalSeconds: 30 };

const admin: Actor = { userId: 1, role: "admin" };

/**
 * Seeded database with one order of each status, a receipt, a transfer and an adjustment, all
 * written through the use cases.
 */
async function givenTrafficOf(db: SqlRunner): Promise<void> {
  const service = orderServiceOn(db, wallClock);
  await service.receiveStock.execute({ actor: admin, warehouseId: 1, lines: [{ productId: 1, quantity: 5 }] });
  await service.transferStock.execute({
    actor: admin,
    fromWarehouseId: 1,
    toWarehouseId: 2,
    productId: 1,
    quantity: 1,
  });
  await service.adjustStock.execute({ actor: admin, warehouseId: 2, productId: 1, reason: "found", delta: 1 });
  // A library caller's system adjustment (no record) names no actor, and passes.
  await createPostgresPorts(db).stock.adjust(2, 2, 1);
  const items = [{ productId: 1, quantity: 2 }];
  const paid = await service.placeOrder.execute({ actor: customer, items });
  await service.payOrder.execute({ actor: customer, orderId: paid.id });
  const cancelled = await service.placeOrder.execute({ actor: customer, items });
  await service.cancelOrder.execute({ actor: customer, orderId: cancelled.id });
  await service.placeOrder.execute({ actor: customer, items });
}

function auditSuite(open: () => Promise<{ db: SqlRunner; close: () => Promise<void> }>) {
  let db: SqlRunner;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
    await migrate(db, { seed: true });
    await givenTrafficOf(db);
  });
  afterAll(() => close());

  it("passes on data written through the use cases", async () => {
    expect(await auditDatabase(db, SWEEP)).toEqual([]);
  });

  it("names each broken invariant, and only that one", async () => {
    // Each corruption runs in a transaction that is rolled back, so the cases stay independent.
    const corrupt = async (sql: string) => {
      let found: string[] = [];
      await db
        .transaction(async (tx) => {
          await tx.query(sql);
          found = [...new Set((await auditDatabase(tx, SWEEP)).map((v) => v.check))].sort();
          throw new Error("rollback");
        })
        .catch((error: Error) => {
          if (error.message !== "rollback") throw error;
        });
      return found;
    };
    // reserved no longer matches pending orders, and the ledger no longer explains it
    expect(
      await corrupt("UPDATE warehouse_stock SET reserved = reserved + 1 WHERE product_id = 1 AND warehouse_id = 1"),
    ).toEqual(["ledger_replay", "reserved_matches_pending_orders"]);
    // overdue, and a sweep that started after the deadline left it pending
    expect(
      await corrupt(`UPDATE orders SET expires_at = now() - interval '1 hour' WHERE status = 'pending';
                     INSERT INTO worker_sweeps VALUES (true, now() - interval '1 minute', now())`),
    ).toEqual(["no_overdue_pending_orders"]);
    expect(await corrupt("UPDATE orders SET total_cents = total_cents + 1 WHERE status = 'paid'")).toEqual([
      "order_total",
    ]);
    // a cancelled order released twice: the exactly-once rule
    expect(
      await corrupt(`UPDATE stock_movements SET reserved_delta = reserved_delta * 2, on_hand_delta = 0
                     WHERE kind = 'release'`),
    ).toEqual(["ledger_replay", "order_movements"]);
    expect(await corrupt("DELETE FROM stock_movements WHERE kind = 'sale'")).toEqual([
      "ledger_replay",
      "order_movements",
    ]);
    // admin moves without their admin: a receipt, a transfer, an adjustment with a reason
    for (const kind of ["receive", "transfer_out", "adjust"]) {
      expect(await corrupt(`UPDATE stock_movements SET actor_user_id = NULL WHERE kind = '${kind}'`), kind).toEqual([
        "admin_movement_actor",
      ]);
    }
    // a receive row that takes units away, in another warehouse than its receipt's
    expect(await corrupt("UPDATE stock_movements SET on_hand_delta = -on_hand_delta WHERE kind = 'receive'")).toEqual([
      "ledger_replay",
      "movement_shape",
    ]);
    expect(await corrupt("UPDATE stock_receipts SET warehouse_id = 2")).toEqual(["movement_shape"]);
    // an adjustment that moved reserved units
    expect(
      await corrupt("UPDATE stock_movements SET reserved_delta = 1 WHERE kind = 'adjust' AND reason IS NOT NULL"),
    ).toEqual(["ledger_replay", "movement_shape"]);
    expect(await auditDatabase(db, SWEEP)).toEqual([]);
  });

  it("counts an overdue pending order as a fault only once a sweep started after its deadline", async () => {
    // Rolled back at the end, like the corruptions above.
    const outcome = async (sql: string) => {
      let found: { violations: string[]; waiting: number[] } = { violations: [], waiting: [] };
      await db
        .transaction(async (tx) => {
          await tx.query(sql);
          found = {
            violations: (await auditDatabase(tx, SWEEP)).map((v) => v.check),
            waiting: (await awaitingRelease(tx, SWEEP)).orders.map((o) => o.id),
          };
          throw new Error("rollback");
        })
        .catch((error: Error) => {
          if (error.message !== "rollback") throw error;
        });
      return found;
    };
    const [pending] = await db.query<{ id: number }>("SELECT id FROM orders WHERE status = 'pending'", []);
    const id = Number(pending?.id);
    const overdue = "UPDATE orders SET expires_at = now() - interval '1 hour' WHERE status = 'pending';";
    // A stopped server's data: the last sweep ran before the deadline, none since.
    expect(
      await outcome(`${overdue} INSERT INTO worker_sweeps VALUES (true, now() - interval '2 hours', now())`),
    ).toEqual({
      violations: [],
      waiting: [id],
    });
    // No sweep ever recorded (a database only the HTTP side has written).
    expect(await outcome(overdue)).toEqual({ violations: [], waiting: [id] });
    // A sweep started after the deadline but within the grace: it may have skipped a locked row.
    expect(
      await outcome(
        `${overdue} INSERT INTO worker_sweeps VALUES (true, now() - interval '1 hour' + interval '10 seconds', now())`,
      ),
    ).toEqual({ violations: [], waiting: [id] });
    // A sweep started well after the deadline should have released it.
    expect(
      await outcome(`${overdue} INSERT INTO worker_sweeps VALUES (true, now() - interval '1 minute', now())`),
    ).toEqual({ violations: ["no_overdue_pending_orders"], waiting: [] });
  });
}

describe("audit on PGlite", () => {
  auditSuite(async () => {
    const db = await openEmbeddedDatabase();
    return { db, close: () => db.close() };
  });
});

describeWithServer("postgres")("audit on PostgreSQL", () => {
  let schema: TestSchema;
  auditSuite(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "audit");
    const db = connectPostgres({ connectionString: schema.url, max: 4 });
    return {
      db,
      close: async () => {
        await db.close();
        await schema.drop();
      },
    };
  });
});
