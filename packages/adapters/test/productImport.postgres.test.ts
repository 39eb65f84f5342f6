// Bulk imports racing each other and checkouts on real Postgres: one import's result or the other's, never a mix; stock always consistent.
import {
  type Actor,
  type ImportedProduct,
  ImportRejectedError,
  InsufficientStockError,
  replayLedger,
  type StockLevel,
} from "@orders/domain";
import { FixedClock } from "@orders/domain/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  connectPostgres,
  createPostgresPorts,
  migrate,
  PostgresProductImport,
  type SqlRunner,
} from "../src/postgres/index.js";
import { orderServiceOn } from "./support/orderServiceOn.js";
import { createTestSchema, type TestSchema } from "./support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "./support/servers.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");
const SKUS = 1_000;

describeWithServer("postgres")("product imports racing on real Postgres", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  let admin: Actor;
  let customer: Actor;
  let warehouse: number;

  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "product_import");
    db = connectPostgres({ connectionString: schema.url, max: 20 });
    await migrate(db);
    const [a, c] = await db.query<{ id: string }>(
      `INSERT INTO users (email, phone, password_hash, role) VALUES
         ('admin@example.com', NULL, 'x', 'admin'), ('customer@example.com', NULL, 'x', 'customer') RETURNING id`,
      [],
    );
    admin = { userId: Number(a?.id), role: "admin" };
    customer = { userId: Number(c?.id), role: "customer" };
    const [w] = await db.query<{ id: string }>(
      "INSERT INTO warehouses (name, priority) VALUES ('A', 1) RETURNING id",
      [],
    );
    warehouse = Number(w?.id);
  });

  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });

  /** One import's version of every SKU: its own name, price and count. Reversed order for one side. */
  const version = (tag: string, price: number, count: number, reverse: boolean): ImportedProduct[] => {
    const rows = Array.from({ length: SKUS }, (_, i) => ({
      line: i + 2,
      sku: `RACE-${String(i).padStart(4, "0")}`,
      name: `${tag} ${i}`,
      priceCents: price,
      stock: { warehouseId: warehouse, onHand: count },
    }));
    return reverse ? rows.reverse() : rows;
  };

  const state = () =>
    db.query<{ name: string; price_cents: string; on_hand: number }>(
      `SELECT p.name, p.price_cents, ws.on_hand FROM products p
       JOIN warehouse_stock ws ON ws.product_id = p.id AND ws.warehouse_id = $1
       WHERE p.sku LIKE 'RACE-%' ORDER BY p.sku`,
      [warehouse],
    );

  const expectLedgerReplaysToLevels = async () => {
    const ports = createPostgresPorts(db);
    const levels = await ports.catalog.levels({});
    expect(replayLedger(await ports.stock.movements({}))).toEqual(
      levels.map(({ warehouseStatus: _s, warehousePriority: _p, ...rest }: StockLevel) => rest),
    );
  };

  it("two imports of the same 1,000 SKUs, in 100-row chunks, 6 rounds: every row ends as one import left it", async () => {
    // Small chunks so each import is many statements long and the two could interleave if nothing kept them apart.
    const importer = new PostgresProductImport(db, 100);
    for (let round = 0; round < 6; round++) {
      const a = version(`A${round}`, 100 + round, 10 + round, round % 2 === 0);
      const b = version(`B${round}`, 200 + round, 20 + round, round % 2 === 1);
      const results = await Promise.allSettled([
        importer.apply(a, { actorUserId: admin.userId, dryRun: false }),
        importer.apply(b, { actorUserId: admin.userId, dryRun: false }),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
      const rows = await state();
      expect(rows).toHaveLength(SKUS);
      const winner = rows[0]?.name.split(" ")[0];
      expect([`A${round}`, `B${round}`]).toContain(winner);
      const [price, count] = winner?.startsWith("A") ? [100 + round, 10 + round] : [200 + round, 20 + round];
      // One result for every row: the name, the price and the count all from the same import.
      expect(
        rows.filter((r) => r.name.startsWith(`${winner} `) && Number(r.price_cents) === price && r.on_hand === count),
      ).toHaveLength(SKUS);
    }
    await expectLedgerReplaysToLevels();
  });

  it("imports setting a count race 150 checkouts of the same rows: never reserved > on_hand, the ledger replays", async () => {
    const importer = new PostgresProductImport(db, 100);
    const rows = version("C", 100, 60, false).slice(0, 20);
    await importer.apply(rows, { actorUserId: admin.userId, dryRun: false });
    const [first] = await db.query<{ id: string }>("SELECT id FROM products WHERE sku = $1", [rows[0]?.sku]);
    const productId = Number(first?.id);
    const service = orderServiceOn(db, new FixedClock(T0));
    const checkouts = Array.from({ length: 150 }, () =>
      service.placeOrder.execute({ actor: customer, items: [{ productId, quantity: 1 }] }),
    );
    const imports = Array.from({ length: 10 }, (_, i) =>
      importer.apply(version("C", 100, 60 + (i % 3), false).slice(0, 20), { actorUserId: admin.userId, dryRun: false }),
    );
    const [orders, counts] = await Promise.all([Promise.allSettled(checkouts), Promise.allSettled(imports)]);
    const placed = orders.filter((r) => r.status === "fulfilled").length;
    const refusedCheckouts = orders.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refusedCheckouts.filter((e) => !(e instanceof InsufficientStockError))).toEqual([]);
    // A count below the units reserved by then is refused whole; any other import applies.
    const refusedImports = counts.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refusedImports.filter((e) => !(e instanceof ImportRejectedError))).toEqual([]);
    const [level] = await db.query<{ on_hand: number; reserved: number }>(
      "SELECT on_hand, reserved FROM warehouse_stock WHERE warehouse_id = $1 AND product_id = $2",
      [warehouse, productId],
    );
    expect(level?.reserved).toBe(placed);
    expect(level?.reserved).toBeLessThanOrEqual(level?.on_hand ?? -1);
    expect([60, 61, 62]).toContain(level?.on_hand);
    const imported = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM stock_movements WHERE reason = 'import' AND actor_user_id = $1",
      [admin.userId],
    );
    expect(Number(imported[0]?.n)).toBeGreaterThan(0);
    await expectLedgerReplaysToLevels();
  });
});
