import { InsufficientStockError, type Order, replayLedger, type StockLevel, type StockLine } from "@orders/domain";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");

export function stockLedgerContract(makeTarget: MakeTarget): void {
  describe("StockLedger contract", () => {
    let t: ContractTarget;
    let w1: number;
    let w2: number;
    let off: number;
    let p1: number;
    let p2: number;
    let userId: number;

    beforeEach(async () => {
      t = await makeTarget();
      w1 = (await t.given.warehouse({ name: "W1" })).id;
      w2 = (await t.given.warehouse({ name: "W2" })).id;
      off = (await t.given.warehouse({ name: "Off", status: "inactive" })).id;
      p1 = (await t.given.product({ sku: "P1", name: "One", priceCents: 100 })).id;
      p2 = (await t.given.product({ sku: "P2", name: "Two", priceCents: 200 })).id;
      userId = (await t.given.user({ email: "c@example.com", phone: null, role: "customer", passwordHash: "h" })).id;
      await t.ports.stock.adjust(w1, p1, 10);
      await t.ports.stock.adjust(w2, p1, 5);
      await t.ports.stock.adjust(w1, p2, 3);
      await t.ports.stock.adjust(off, p2, 7);
    });

    const level = async (warehouseId: number, productId: number) => {
      const [found] = await t.ports.stock.levels({ warehouseId, productIds: [productId] });
      return found === undefined ? undefined : { onHand: found.onHand, reserved: found.reserved };
    };

    const expectLedgerReplaysToLevels = async () => {
      const levels = await t.ports.stock.levels({});
      const replayed = replayLedger(await t.ports.stock.movements({}));
      expect(replayed).toEqual(
        levels.map(({ warehouseStatus: _s, warehousePriority: _p, ...rest }: StockLevel) => rest),
      );
    };

    /** Checkout's write: a pending order of `lines` (unit price 7) stored with its reservation. */
    const reserveOrder = (lines: readonly StockLine[]): Promise<Order> =>
      t.ports.stock.reserveOrder({
        userId,
        totalCents: 7 * lines.reduce((sum, l) => sum + l.quantity, 0),
        lines: lines.map((l) => ({ ...l, unitPriceCents: 7 })),
        createdAt: T0,
        expiresAt: new Date(T0.getTime() + 60_000),
      });

    const expectNothingWritten = async () => {
      expect(await t.ports.orders.list({ limit: 10 })).toEqual([]);
      expect((await t.ports.stock.movements({})).every((m) => m.kind === "adjust")).toBe(true);
      for (const l of await t.ports.stock.levels({})) expect(l.reserved).toBe(0);
    };

    it("answers levels ordered by warehouse then product, filtered, with the warehouse status and priority", async () => {
      expect(await t.ports.stock.levels({})).toEqual([
        { warehouseId: w1, productId: p1, warehouseStatus: "active", warehousePriority: w1, onHand: 10, reserved: 0 },
        { warehouseId: w1, productId: p2, warehouseStatus: "active", warehousePriority: w1, onHand: 3, reserved: 0 },
        { warehouseId: w2, productId: p1, warehouseStatus: "active", warehousePriority: w2, onHand: 5, reserved: 0 },
        {
          warehouseId: off,
          productId: p2,
          warehouseStatus: "inactive",
          warehousePriority: off,
          onHand: 7,
          reserved: 0,
        },
      ]);
      const p2Levels = await t.ports.stock.levels({ productIds: [p2] });
      expect(p2Levels.map((l) => l.warehouseId)).toEqual([w1, off]);
      const w2Levels = await t.ports.stock.levels({ warehouseId: w2 });
      expect(w2Levels.map((l) => l.productId)).toEqual([p1]);
    });

    it("stores the pending order with its lines and reserves every line, one reserve row per line", async () => {
      const lines = [
        { warehouseId: w1, productId: p2, quantity: 3 },
        { warehouseId: w2, productId: p1, quantity: 2 },
        { warehouseId: w1, productId: p1, quantity: 4 },
      ];
      const order = await reserveOrder(lines);
      expect(order).toEqual({
        id: order.id,
        userId,
        status: "pending",
        totalCents: 63,
        lines: lines.map((l) => ({ ...l, unitPriceCents: 7 })),
        createdAt: T0,
        expiresAt: new Date(T0.getTime() + 60_000),
        closedAt: null,
      });
      expect(await t.ports.orders.findById(order.id)).toEqual(order);
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 4 });
      expect(await level(w1, p2)).toEqual({ onHand: 3, reserved: 3 });
      expect(await level(w2, p1)).toEqual({ onHand: 5, reserved: 2 });
      const rows = await t.ports.stock.movements({ orderId: order.id });
      expect(rows.map((m) => [m.kind, m.warehouseId, m.productId, m.onHandDelta, m.reservedDelta])).toEqual([
        ["reserve", w1, p2, 0, 3],
        ["reserve", w2, p1, 0, 2],
        ["reserve", w1, p1, 0, 4],
      ]);
      await expectLedgerReplaysToLevels();
    });

    it("stores a one-line order with its reservation, up to the last unit", async () => {
      const order = await reserveOrder([{ warehouseId: w2, productId: p1, quantity: 5 }]);
      expect(await t.ports.orders.findById(order.id)).toEqual(order);
      expect(await level(w2, p1)).toEqual({ onHand: 5, reserved: 5 });
      const rows = await t.ports.stock.movements({ orderId: order.id });
      expect(rows.map((m) => [m.kind, m.warehouseId, m.productId, m.reservedDelta])).toEqual([["reserve", w2, p1, 5]]);
      await expect(reserveOrder([{ warehouseId: w2, productId: p1, quantity: 1 }])).rejects.toMatchObject({
        code: "insufficient_stock",
        productId: p1,
        requested: 1,
        available: 0,
        warehouseId: w2,
      });
      expect((await t.ports.orders.list({ limit: 10 })).map((o) => o.id)).toEqual([order.id]);
      await expectLedgerReplaysToLevels();
    });

    it("sums lines naming the same warehouse and product", async () => {
      const twice = [
        { warehouseId: w1, productId: p1, quantity: 6 },
        { warehouseId: w1, productId: p1, quantity: 5 },
      ];
      await expect(reserveOrder(twice)).rejects.toMatchObject({
        code: "insufficient_stock",
        productId: p1,
        requested: 11,
        available: 10,
        warehouseId: w1,
      });
      await expectNothingWritten();
      const order = await reserveOrder(twice.map((l) => ({ ...l, quantity: 3 })));
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 6 });
      // Two order lines, one reservation (and ledger row) for the row they share, as release gives back.
      expect((await t.ports.orders.findById(order.id))?.lines).toHaveLength(2);
      expect(await t.ports.stock.movements({ orderId: order.id })).toHaveLength(1);
    });

    it("writes nothing (no order, no lines, no reservation) when one line is short, naming the first such line", async () => {
      const attempt = reserveOrder([
        { warehouseId: w1, productId: p1, quantity: 2 },
        { warehouseId: w2, productId: p1, quantity: 6 },
        { warehouseId: w1, productId: p2, quantity: 4 },
      ]);
      await expect(attempt).rejects.toBeInstanceOf(InsufficientStockError);
      await expect(attempt).rejects.toMatchObject({ productId: p1, requested: 6, available: 5, warehouseId: w2 });
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 0 });
      await expectNothingWritten();
    });

    it("counts an inactive warehouse, or one without the product, as having nothing", async () => {
      await expect(reserveOrder([{ warehouseId: off, productId: p2, quantity: 1 }])).rejects.toMatchObject({
        productId: p2,
        requested: 1,
        available: 0,
        warehouseId: off,
      });
      await expect(reserveOrder([{ warehouseId: w2, productId: p2, quantity: 1 }])).rejects.toMatchObject({
        productId: p2,
        requested: 1,
        available: 0,
        warehouseId: w2,
      });
      await expect(
        reserveOrder([
          { warehouseId: w1, productId: p1, quantity: 1 },
          { warehouseId: off, productId: p2, quantity: 1 },
        ]),
      ).rejects.toMatchObject({ productId: p2, requested: 1, available: 0, warehouseId: off });
      expect(await level(off, p2)).toEqual({ onHand: 7, reserved: 0 });
      await expectNothingWritten();
    });

    it("releases reserved units and sells them", async () => {
      const { id: orderId } = await reserveOrder([
        { warehouseId: w1, productId: p1, quantity: 4 },
        { warehouseId: w2, productId: p1, quantity: 2 },
      ]);
      await t.ports.stock.release(orderId, [{ warehouseId: w2, productId: p1, quantity: 2 }]);
      await t.ports.stock.sell(orderId, [{ warehouseId: w1, productId: p1, quantity: 4 }]);
      expect(await level(w1, p1)).toEqual({ onHand: 6, reserved: 0 });
      expect(await level(w2, p1)).toEqual({ onHand: 5, reserved: 0 });
      const kinds = (await t.ports.stock.movements({ orderId })).map((m) => [m.kind, m.onHandDelta, m.reservedDelta]);
      expect(kinds).toEqual([
        ["reserve", 0, 4],
        ["reserve", 0, 2],
        ["release", 0, -2],
        ["sale", -4, -4],
      ]);
      await expectLedgerReplaysToLevels();
    });

    it("sells or releases several lines at once, all or nothing", async () => {
      const first = { warehouseId: w1, productId: p1, quantity: 2 };
      const second = { warehouseId: w1, productId: p2, quantity: 1 };
      const { id: orderId } = await reserveOrder([first, second]);
      await expect(t.ports.stock.release(orderId, [first, { ...second, quantity: 2 }])).rejects.toThrow();
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 2 });
      await t.ports.stock.sell(orderId, [first, second]);
      expect(await level(w1, p1)).toEqual({ onHand: 8, reserved: 0 });
      expect(await level(w1, p2)).toEqual({ onHand: 2, reserved: 0 });
      await expectLedgerReplaysToLevels();
    });

    it("releases many orders at once with the ledger rows one release per order would write", async () => {
      // Both orders hold w1/p1, so the summed release of that row is checked and applied once.
      const mine = [
        { warehouseId: w1, productId: p1, quantity: 2 },
        { warehouseId: w1, productId: p2, quantity: 1 },
        { warehouseId: w1, productId: p1, quantity: 1 },
      ];
      const theirs = [
        { warehouseId: w2, productId: p1, quantity: 2 },
        { warehouseId: w1, productId: p1, quantity: 4 },
      ];
      const { id: orderId } = await reserveOrder(mine);
      const { id: other } = await reserveOrder(theirs);
      await t.ports.stock.releaseMany([]);
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 7 });

      await t.ports.stock.releaseMany([
        { orderId: other, lines: theirs },
        { orderId, lines: mine },
      ]);

      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 0 });
      expect(await level(w1, p2)).toEqual({ onHand: 3, reserved: 0 });
      expect(await level(w2, p1)).toEqual({ onHand: 5, reserved: 0 });
      const releases = (await t.ports.stock.movements({}))
        .filter((m) => m.kind === "release")
        .map((m) => [m.orderId, m.warehouseId, m.productId, m.onHandDelta, m.reservedDelta]);
      expect(releases).toEqual([
        [other, w2, p1, 0, -2],
        [other, w1, p1, 0, -4],
        [orderId, w1, p1, 0, -3],
        [orderId, w1, p2, 0, -1],
      ]);
      await expectLedgerReplaysToLevels();
    });

    it("releases none of many orders when their lines together exceed what is reserved", async () => {
      const line = { warehouseId: w1, productId: p1, quantity: 3 };
      const { id: orderId } = await reserveOrder([line, { warehouseId: w1, productId: p2, quantity: 1 }]);
      // Each release alone fits; the two together ask for 6 of the 3 reserved units.
      await expect(
        t.ports.stock.releaseMany([
          { orderId, lines: [{ warehouseId: w1, productId: p2, quantity: 1 }, line] },
          { orderId, lines: [line] },
        ]),
      ).rejects.toThrow();
      await expect(
        t.ports.stock.releaseMany([{ orderId, lines: [{ warehouseId: w2, productId: p2, quantity: 1 }] }]),
      ).rejects.toThrow();
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 3 });
      expect(await level(w1, p2)).toEqual({ onHand: 3, reserved: 1 });
      expect((await t.ports.stock.movements({ orderId })).map((m) => m.kind)).toEqual(["reserve", "reserve"]);
      await expectLedgerReplaysToLevels();
    });

    it("refuses to release or sell more than is reserved, and changes nothing", async () => {
      const { id: orderId } = await reserveOrder([{ warehouseId: w1, productId: p1, quantity: 1 }]);
      await expect(t.ports.stock.release(orderId, [{ warehouseId: w1, productId: p1, quantity: 2 }])).rejects.toThrow();
      await expect(t.ports.stock.sell(orderId, [{ warehouseId: w1, productId: p1, quantity: 2 }])).rejects.toThrow();
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 1 });
      await expectLedgerReplaysToLevels();
    });

    it("transfers available units, creating the destination row, and answers a new id each time", async () => {
      await reserveOrder([{ warehouseId: w1, productId: p2, quantity: 1 }]);
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
      await reserveOrder([{ warehouseId: w1, productId: p1, quantity: 8 }]);
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
      await reserveOrder([{ warehouseId: w1, productId: p1, quantity: 4 }]);
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
