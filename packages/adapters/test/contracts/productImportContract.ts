// Contract of ProductImport and ProductExport: upsert by SKU, counts through the ledger, all or nothing, keyset export.
import {
  type ExportRow,
  type ImportedProduct,
  ImportRejectedError,
  replayLedger,
  type StockLevel,
} from "@orders/domain";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");

const row = (
  line: number,
  sku: string,
  name: string,
  priceCents: number,
  stock: ImportedProduct["stock"] = null,
): ImportedProduct => ({ line, sku, name, priceCents, stock });

export function productImportContract(makeTarget: MakeTarget): void {
  describe("ProductImport and ProductExport contract", () => {
    let t: ContractTarget;
    let adminId: number;
    let customerId: number;
    let w1: number;
    let w2: number;
    beforeEach(async () => {
      t = await makeTarget();
      adminId = (await t.given.user({ email: "admin@example.com", phone: null, role: "admin", passwordHash: "x" })).id;
      customerId = (await t.given.user({ email: "c@example.com", phone: null, role: "customer", passwordHash: "x" }))
        .id;
      w1 = (await t.given.warehouse({ name: "W1" })).id;
      w2 = (await t.given.warehouse({ name: "W2", status: "inactive" })).id;
    });

    const exportAll = async (limit = 1000): Promise<ExportRow[]> => {
      const rows: ExportRow[] = [];
      for (;;) {
        const last = rows.at(-1);
        const page = await t.ports.productExport.page(
          last === undefined ? null : { productId: last.productId, warehouseId: last.warehouseId ?? 0 },
          limit,
        );
        rows.push(...page);
        if (page.length < limit) return rows;
      }
    };
    const expectLedgerReplaysToLevels = async () => {
      const levels = await t.ports.catalog.levels({});
      expect(replayLedger(await t.ports.stock.movements({}))).toEqual(
        levels.map(({ warehouseStatus: _s, warehousePriority: _p, ...rest }: StockLevel) => rest),
      );
    };
    const apply = (rows: ImportedProduct[], dryRun = false) =>
      t.ports.productImport.apply(rows, { actorUserId: adminId, dryRun });

    it("creates new SKUs, updates changed ones, leaves equal ones, and sets counts through adjust movements", async () => {
      const kept = await t.given.product({ sku: "KEEP", name: "Kept", priceCents: 5 });
      const changed = await t.given.product({ sku: "CHANGE", name: "Old", priceCents: 5 });
      await t.ports.stock.adjust(w1, kept.id, 10);
      const counts = await apply([
        row(2, "KEEP", "Kept", 5, { warehouseId: w1, onHand: 4 }),
        row(3, "CHANGE", "New", 6, { warehouseId: w1, onHand: 0 }),
        row(4, "NEW", "Fresh", 7, { warehouseId: w1, onHand: 9 }),
        row(5, "NEW", "Fresh", 7, { warehouseId: w2, onHand: 2 }),
      ]);
      expect(counts).toEqual({ created: 1, updated: 1, unchanged: 1, stockSet: 4 });
      const exported = await exportAll();
      const fresh = exported.find((r) => r.sku === "NEW")?.productId ?? 0;
      expect(exported).toEqual([
        { productId: kept.id, sku: "KEEP", name: "Kept", priceCents: 5, warehouseId: w1, onHand: 4 },
        { productId: changed.id, sku: "CHANGE", name: "New", priceCents: 6, warehouseId: null, onHand: null },
        { productId: fresh, sku: "NEW", name: "Fresh", priceCents: 7, warehouseId: w1, onHand: 9 },
        { productId: fresh, sku: "NEW", name: "Fresh", priceCents: 7, warehouseId: w2, onHand: 2 },
      ]);
      const adjusts = (await t.ports.stock.movements({})).filter((m) => m.kind === "adjust");
      // The fixture's +10, then -6, +9 and +2; a count of 0 where no row is stores no row, no movement.
      expect(adjusts.map((m) => [m.productId, m.warehouseId, m.onHandDelta])).toEqual([
        [kept.id, w1, 10],
        [kept.id, w1, -6],
        [fresh, w1, 9],
        [fresh, w2, 2],
      ]);
      await expectLedgerReplaysToLevels();
    });

    it("a dry run answers the same counts and writes nothing", async () => {
      await t.given.product({ sku: "A", name: "A", priceCents: 1 });
      const rows = [row(2, "A", "A2", 1, { warehouseId: w1, onHand: 3 }), row(3, "B", "B", 1)];
      const before = await exportAll();
      expect(await apply(rows, true)).toEqual({ created: 1, updated: 1, unchanged: 0, stockSet: 1 });
      expect(await exportAll()).toEqual(before);
      expect(await t.ports.stock.movements({})).toEqual([]);
    });

    it("refuses an unknown warehouse by line, writing nothing", async () => {
      const rejected = apply([row(2, "A", "A", 1), row(3, "B", "B", 1, { warehouseId: 999_999, onHand: 1 })]);
      await expect(rejected).rejects.toBeInstanceOf(ImportRejectedError);
      await expect(rejected).rejects.toMatchObject({
        errors: [{ line: 3, field: "warehouse_id", error: "warehouse 999999 not found" }],
      });
      expect(await exportAll()).toEqual([]);
    });

    it("an import whose last row counts below the reserved units writes nothing at all", async () => {
      const held = await t.given.product({ sku: "HELD", name: "Held", priceCents: 1 });
      await t.ports.stock.adjust(w1, held.id, 5);
      await t.ports.reservations.placePending({
        userId: customerId,
        totalCents: 3,
        lines: [{ warehouseId: w1, productId: held.id, quantity: 3, unitPriceCents: 1 }],
        createdAt: T0,
        expiresAt: new Date(T0.getTime() + 60_000),
      });
      const before = await exportAll();
      const movements = await t.ports.stock.movements({});
      const rows = Array.from({ length: 30 }, (_, i) =>
        row(i + 2, `OK-${i}`, "Fine", i, { warehouseId: w1, onHand: i }),
      );
      rows.push(row(32, "HELD", "Held renamed", 1, { warehouseId: w1, onHand: 2 }));
      await expect(apply(rows)).rejects.toMatchObject({
        code: "import_rejected",
        errors: [{ line: 32, field: "on_hand", error: "is below the 3 units reserved" }],
      });
      expect(await exportAll()).toEqual(before);
      expect(await t.ports.stock.movements({})).toEqual(movements);
      // A count equal to the reserved units is allowed.
      await apply([row(2, "HELD", "Held", 1, { warehouseId: w1, onHand: 3 })]);
      expect((await exportAll()).find((r) => r.sku === "HELD")?.onHand).toBe(3);
      await expectLedgerReplaysToLevels();
    });

    it("exports in keyset pages, by product then warehouse, whatever the page size", async () => {
      const rows: ImportedProduct[] = [];
      for (let i = 0; i < 7; i++) {
        rows.push(row(rows.length + 2, `P${i}`, `P${i}`, i, i % 3 === 0 ? null : { warehouseId: w1, onHand: i }));
        if (i % 2 === 0) rows.push(row(rows.length + 2, `P${i}`, `P${i}`, i, { warehouseId: w2, onHand: 1 }));
      }
      // P0, P3, P6 have no W1 row but a W2 one (even): one line each per stock row; none is stock-less.
      const legal = rows.filter((r) => !(r.stock === null && rows.some((o) => o.sku === r.sku && o.stock !== null)));
      await apply(legal);
      const whole = await exportAll();
      expect(await exportAll(2)).toEqual(whole);
      expect(await exportAll(1)).toEqual(whole);
      const keys = whole.map((r) => [r.productId, r.warehouseId ?? 0] as const);
      expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
      expect(whole.length).toBe(legal.length);
    });
  });
}
