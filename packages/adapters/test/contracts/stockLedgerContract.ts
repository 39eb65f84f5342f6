// What every StockLedger adapter must do: transfers, receipts, adjustments, counts and the movement ledger.
import { InsufficientStockError, MAX_ON_HAND } from "@orders/domain";
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

    it("names the transfer's actor on both rows", async () => {
      const { t, w1, w2, p1, userId } = f;
      const transferId = await t.ports.stock.transfer({
        fromWarehouseId: w1,
        toWarehouseId: w2,
        productId: p1,
        quantity: 1,
        actorUserId: userId,
      });
      const rows = (await t.ports.stock.movements({ productId: p1 })).filter((m) => m.transferId === transferId);
      expect(rows.map((m) => [m.kind, m.actorUserId])).toEqual([
        ["transfer_out", userId],
        ["transfer_in", userId],
      ]);
    });

    it("receives every line, one receive row each naming the receipt, its reference and the actor", async () => {
      const { t, w2, p1, p2, userId, level, expectLedgerReplaysToLevels } = f;
      const lines = [
        { productId: p2, quantity: 4 },
        { productId: p1, quantity: 6 },
      ];
      const first = await t.ports.stock.receive({ warehouseId: w2, lines, reference: "PO-1", actorUserId: userId });
      const second = await t.ports.stock.receive({
        warehouseId: w2,
        lines: [{ productId: p1, quantity: 1 }],
        reference: null,
        actorUserId: userId,
      });
      expect(second).toBeGreaterThan(first);
      expect(await level(w2, p1)).toEqual({ onHand: 12, reserved: 0 });
      expect(await level(w2, p2)).toEqual({ onHand: 4, reserved: 0 });
      const rows = await t.ports.stock.movements({ kind: "receive" });
      expect(rows.map((m) => [m.receiptId, m.warehouseId, m.productId, m.onHandDelta, m.reservedDelta])).toEqual([
        [first, w2, p2, 4, 0],
        [first, w2, p1, 6, 0],
        [second, w2, p1, 1, 0],
      ]);
      expect(rows.map((m) => [m.actorUserId, m.reference, m.reason])).toEqual([
        [userId, "PO-1", null],
        [userId, "PO-1", null],
        [userId, null, null],
      ]);
      await expectLedgerReplaysToLevels();
    });

    it("receives no line when one would pass the most a row may hold", async () => {
      const { t, w1, p1, p2, userId, level, expectLedgerReplaysToLevels } = f;
      await t.ports.stock.adjust(w1, p2, MAX_ON_HAND - 3 - 1);
      await expect(
        t.ports.stock.receive({
          warehouseId: w1,
          lines: [
            { productId: p1, quantity: 5 },
            { productId: p2, quantity: 2 },
          ],
          reference: null,
          actorUserId: userId,
        }),
      ).rejects.toMatchObject({
        code: "stock_limit_exceeded",
        productId: p2,
        warehouseId: w1,
        onHand: MAX_ON_HAND - 1,
      });
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 0 });
      expect(await t.ports.stock.movements({ kind: "receive" })).toEqual([]);
      await expectLedgerReplaysToLevels();
    });

    it("adjusts with who and why, answering the new level", async () => {
      const { t, w1, w2, p1, p2, userId, expectLedgerReplaysToLevels, placePending } = f;
      await placePending([{ warehouseId: w1, productId: p1, quantity: 4 }]);
      const record = { actorUserId: userId, reason: "damaged", note: "forklift" } as const;
      expect(await t.ports.stock.adjust(w1, p1, -2, record)).toEqual({
        warehouseId: w1,
        productId: p1,
        onHand: 8,
        reserved: 4,
      });
      // A row that does not exist yet is created by a positive adjustment.
      expect(await t.ports.stock.adjust(w2, p2, 3, { actorUserId: userId, reason: "found" })).toEqual({
        warehouseId: w2,
        productId: p2,
        onHand: 3,
        reserved: 0,
      });
      const rows = await t.ports.stock.movements({ kind: "adjust", since: new Date(0) });
      expect(rows.slice(-2).map((m) => [m.warehouseId, m.onHandDelta, m.actorUserId, m.reason, m.note])).toEqual([
        [w1, -2, userId, "damaged", "forklift"],
        [w2, 3, userId, "found", null],
      ]);
      await expect(t.ports.stock.adjust(w1, p1, MAX_ON_HAND)).rejects.toMatchObject({
        code: "stock_limit_exceeded",
        onHand: 8,
      });
      await expectLedgerReplaysToLevels();
    });

    it("sets on_hand to a count, the ledger row carrying count minus on_hand, never below reserved", async () => {
      const { t, w1, w2, off, p1, p2, userId, level, expectLedgerReplaysToLevels, placePending } = f;
      await placePending([{ warehouseId: w1, productId: p1, quantity: 4 }]);
      const record = { actorUserId: userId, reason: "count", note: null } as const;
      expect(await t.ports.stock.count(w1, p1, 7, record)).toEqual({
        warehouseId: w1,
        productId: p1,
        onHand: 7,
        reserved: 4,
      });
      expect(await t.ports.stock.count(w1, p1, 4, record)).toMatchObject({ onHand: 4, reserved: 4 });
      await expect(t.ports.stock.count(w1, p1, 3, record)).rejects.toMatchObject({
        code: "insufficient_stock",
        productId: p1,
        requested: 1,
        available: 0,
        warehouseId: w1,
      });
      // A count of a row that does not exist creates it; one matching on_hand still leaves a row.
      expect(await t.ports.stock.count(w2, p2, 9, record)).toMatchObject({ onHand: 9, reserved: 0 });
      expect(await t.ports.stock.count(off, p2, 7, record)).toMatchObject({ onHand: 7, reserved: 0 });
      expect(await level(w1, p1)).toEqual({ onHand: 4, reserved: 4 });
      const rows = await t.ports.stock.movements({ kind: "adjust" });
      expect(rows.slice(-4).map((m) => [m.warehouseId, m.productId, m.onHandDelta, m.reason, m.actorUserId])).toEqual([
        [w1, p1, -3, "count", userId],
        [w1, p1, -3, "count", userId],
        [w2, p2, 9, "count", userId],
        [off, p2, 0, "count", userId],
      ]);
      await expectLedgerReplaysToLevels();
    });

    it("filters movements by warehouse, product, order, kind and time, and pages them by id", async () => {
      const { t, w2, off, p1, p2, placePending } = f;
      const order = await placePending([{ warehouseId: w2, productId: p1, quantity: 1 }]);
      const all = await t.ports.stock.movements({});
      expect(all).toHaveLength(5);
      const ids = (rows: { id: number }[]) => rows.map((m) => m.id);
      expect(ids(await t.ports.stock.movements({ warehouseId: w2 }))).toEqual([all[1]?.id, all[4]?.id]);
      expect(ids(await t.ports.stock.movements({ warehouseId: w2, productId: p2 }))).toEqual([]);
      expect(ids(await t.ports.stock.movements({ warehouseId: off, productId: p2 }))).toEqual([all[3]?.id]);
      expect(ids(await t.ports.stock.movements({ orderId: order.id }))).toEqual([all[4]?.id]);
      expect(ids(await t.ports.stock.movements({ kind: "reserve" }))).toEqual([all[4]?.id]);
      expect(ids(await t.ports.stock.movements({ limit: 2 }))).toEqual(ids(all.slice(0, 2)));
      expect(ids(await t.ports.stock.movements({ limit: 2, afterId: all[1]?.id }))).toEqual(ids(all.slice(2, 4)));
      expect(ids(await t.ports.stock.movements({ afterId: all[4]?.id }))).toEqual([]);
      const written = all.map((m) => m.createdAt.getTime());
      const first = new Date(Math.min(...written));
      const after = new Date(Math.max(...written) + 1);
      expect(ids(await t.ports.stock.movements({ since: first, until: after }))).toEqual(ids(all));
      expect(await t.ports.stock.movements({ since: after })).toEqual([]);
      expect(await t.ports.stock.movements({ until: first })).toEqual([]);
    });
  });
}
