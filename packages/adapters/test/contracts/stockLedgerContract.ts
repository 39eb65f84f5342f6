// What every StockLedger adapter must do: transfers, adjustments and the movement ledger.
import { InsufficientStockError } from "@orders/domain";
import { describe, expect, it } from "vitest";
import type { MakeTarget } from "./ContractTarget.js";
import { stockFixture } from "./stockFixture.js";

export function stockLedgerContract(makeTarget: MakeTarget): void {
  describe("StockLedger contract", () => {
    const f = stockFixture(makeTarget);

    it("transfers available units, creating the destination row, and answers a new id each time", async () => {
      const { t, w1, w2, p2, level, expectLedgerReplaysToLevels, placePending } = f;
      await placePending([{ warehouseId: w1, productId: p2, quantity: 1 }]);
      const first = await t.ports.stock.transfer({
        fromWarehouseId: w1,
        toWarehouseId: w2,
        productId: p2,
        quantity: 2,
      });
      const second = await t.ports.stock.transfer({
        fromWarehouseId: w2,
        toWarehouseId: w1,
        productId: p2,
        quantity: 1,
      });
      expect(second).toBeGreaterThan(first);
      expect(await level(w1, p2)).toEqual({ onHand: 2, reserved: 1 });
      expect(await level(w2, p2)).toEqual({ onHand: 1, reserved: 0 });
      const rows = (await t.ports.stock.movements({ productId: p2 })).filter((m) => m.transferId === first);
      expect(rows.map((m) => [m.kind, m.warehouseId, m.onHandDelta])).toEqual([
        ["transfer_out", w1, -2],
        ["transfer_in", w2, 2],
      ]);
      await expectLedgerReplaysToLevels();
    });

    it("refuses a transfer beyond the source's available units, naming the source", async () => {
      const { t, w1, w2, p1, p2, level, placePending } = f;
      await placePending([{ warehouseId: w1, productId: p1, quantity: 8 }]);
      await expect(
        t.ports.stock.transfer({ fromWarehouseId: w1, toWarehouseId: w2, productId: p1, quantity: 3 }),
      ).rejects.toMatchObject({
        code: "insufficient_stock",
        productId: p1,
        requested: 3,
        available: 2,
        warehouseId: w1,
      });
      await expect(
        t.ports.stock.transfer({ fromWarehouseId: w2, toWarehouseId: w1, productId: p2, quantity: 1 }),
      ).rejects.toMatchObject({ productId: p2, requested: 1, available: 0, warehouseId: w2 });
      expect(await level(w2, p1)).toEqual({ onHand: 5, reserved: 0 });
      expect(await level(w2, p2)).toBeUndefined();
    });

    it("adjusts on_hand up and down, never below what is reserved", async () => {
      const { t, w1, w2, p1, p2, level, expectLedgerReplaysToLevels, placePending } = f;
      await placePending([{ warehouseId: w1, productId: p1, quantity: 4 }]);
      await t.ports.stock.adjust(w1, p1, -6);
      expect(await level(w1, p1)).toEqual({ onHand: 4, reserved: 4 });
      await expect(t.ports.stock.adjust(w1, p1, -1)).rejects.toMatchObject({
        code: "insufficient_stock",
        productId: p1,
        requested: 1,
        available: 0,
        warehouseId: w1,
      });
      await expect(t.ports.stock.adjust(w2, p2, -1)).rejects.toBeInstanceOf(InsufficientStockError);
      expect(await level(w1, p1)).toEqual({ onHand: 4, reserved: 4 });
      await expectLedgerReplaysToLevels();
    });

    it("answers movements in the order written, filtered by product or order", async () => {
      const { t, w1, w2, off, p1, p2 } = f;
      const all = await t.ports.stock.movements({});
      expect(all.map((m) => [m.kind, m.warehouseId, m.productId, m.onHandDelta])).toEqual([
        ["adjust", w1, p1, 10],
        ["adjust", w2, p1, 5],
        ["adjust", w1, p2, 3],
        ["adjust", off, p2, 7],
      ]);
      expect(all.every((m) => m.orderId === null && m.transferId === null && m.createdAt instanceof Date)).toBe(true);
      expect(all.map((m) => m.id)).toEqual([...all.map((m) => m.id)].sort((a, b) => a - b));
      expect((await t.ports.stock.movements({ productId: p2 })).map((m) => m.warehouseId)).toEqual([w1, off]);
    });
  });
}
