// What every Reservations adapter must do: all-or-nothing checkout, settle and release, with ledger rows.
import {
  HoldLimitReachedError,
  InsufficientStockError,
  type NewOrder,
  type Placement,
  type StockLine,
} from "@orders/domain";
import { describe, expect, it } from "vitest";
import type { MakeTarget } from "./ContractTarget.js";
import { stockFixture, T0 } from "./stockFixture.js";

export function reservationsContract(makeTarget: MakeTarget): void {
  describe("Reservations contract", () => {
    const f = stockFixture(makeTarget);

    it("stores the pending order with its lines and reserves every line, one reserve row per line", async () => {
      const { t, w1, w2, p1, p2, userId, level, expectLedgerReplaysToLevels, placePending } = f;
      const lines = [
        { warehouseId: w1, productId: p2, quantity: 3 },
        { warehouseId: w2, productId: p1, quantity: 2 },
        { warehouseId: w1, productId: p1, quantity: 4 },
      ];
      const order = await placePending(lines);
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
      const { t, w2, p1, level, expectLedgerReplaysToLevels, placePending } = f;
      const order = await placePending([{ warehouseId: w2, productId: p1, quantity: 5 }]);
      expect(await t.ports.orders.findById(order.id)).toEqual(order);
      expect(await level(w2, p1)).toEqual({ onHand: 5, reserved: 5 });
      const rows = await t.ports.stock.movements({ orderId: order.id });
      expect(rows.map((m) => [m.kind, m.warehouseId, m.productId, m.reservedDelta])).toEqual([["reserve", w2, p1, 5]]);
      await expect(placePending([{ warehouseId: w2, productId: p1, quantity: 1 }])).rejects.toMatchObject({
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
      const { t, w1, p1, level, placePending, expectNothingWritten } = f;
      const twice = [
        { warehouseId: w1, productId: p1, quantity: 6 },
        { warehouseId: w1, productId: p1, quantity: 5 },
      ];
      await expect(placePending(twice)).rejects.toMatchObject({
        code: "insufficient_stock",
        productId: p1,
        requested: 11,
        available: 10,
        warehouseId: w1,
      });
      await expectNothingWritten();
      const order = await placePending(twice.map((l) => ({ ...l, quantity: 3 })));
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 6 });
      // Two order lines, one reservation (and ledger row) for the row they share, as release gives back.
      expect((await t.ports.orders.findById(order.id))?.lines).toHaveLength(2);
      expect(await t.ports.stock.movements({ orderId: order.id })).toHaveLength(1);
    });

    it("writes nothing (no order, no lines, no reservation) when one line is short, naming the first such line", async () => {
      const { w1, w2, p1, p2, level, placePending, expectNothingWritten } = f;
      const attempt = placePending([
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
      const { w1, w2, off, p1, p2, level, placePending, expectNothingWritten } = f;
      await expect(placePending([{ warehouseId: off, productId: p2, quantity: 1 }])).rejects.toMatchObject({
        productId: p2,
        requested: 1,
        available: 0,
        warehouseId: off,
      });
      await expect(placePending([{ warehouseId: w2, productId: p2, quantity: 1 }])).rejects.toMatchObject({
        productId: p2,
        requested: 1,
        available: 0,
        warehouseId: w2,
      });
      await expect(
        placePending([
          { warehouseId: w1, productId: p1, quantity: 1 },
          { warehouseId: off, productId: p2, quantity: 1 },
        ]),
      ).rejects.toMatchObject({ productId: p2, requested: 1, available: 0, warehouseId: off });
      expect(await level(off, p2)).toEqual({ onHand: 7, reserved: 0 });
      await expectNothingWritten();
    });

    describe("placeMany (checkout's coalesced write)", () => {
      const NO_LIMITS = { maxPendingUnitsPerProduct: 1_000_000, maxPendingOrders: 1_000_000 };
      const newOrder = (userId: number, lines: readonly StockLine[]): NewOrder => ({
        userId,
        totalCents: 7 * lines.reduce((sum, l) => sum + l.quantity, 0),
        lines: lines.map((l) => ({ ...l, unitPriceCents: 7 })),
        createdAt: T0,
        expiresAt: new Date(T0.getTime() + 60_000),
      });
      const outcome = (p: Placement) => ("placed" in p ? "placed" : p.refused.code);

      it("judges the orders in the order given on running sums; a refused order takes nothing", async () => {
        const { t, w2, p1, userId, level, expectLedgerReplaysToLevels } = f;
        const other = (await t.given.user({ email: "o@example.com", phone: null, role: "customer", passwordHash: "h" }))
          .id;
        const line = (quantity: number) => [{ warehouseId: w2, productId: p1, quantity }];
        const placements = await t.ports.reservations.placeMany(
          [newOrder(userId, line(3)), newOrder(other, line(3)), newOrder(other, line(2)), newOrder(userId, line(1))],
          NO_LIMITS,
        );
        expect(placements.map(outcome)).toEqual(["placed", "insufficient_stock", "placed", "insufficient_stock"]);
        expect(placements[1]).toEqual({ refused: expect.any(InsufficientStockError) });
        expect(placements[1]).toMatchObject({
          refused: { productId: p1, requested: 3, available: 2, warehouseId: w2 },
        });
        expect(placements[3]).toMatchObject({ refused: { requested: 1, available: 0 } });
        expect(await level(w2, p1)).toEqual({ onHand: 5, reserved: 5 });
        const placed = placements.flatMap((p) => ("placed" in p ? [p.placed] : []));
        for (const order of placed) expect(await t.ports.orders.findById(order.id)).toEqual(order);
        expect(placed.map((o) => o.userId)).toEqual([userId, other]);
        const reserves = (await t.ports.stock.movements({ productId: p1 })).filter((m) => m.kind === "reserve");
        expect(reserves.map((m) => [m.orderId, m.reservedDelta])).toEqual([
          [placed[0]?.id, 3],
          [placed[1]?.id, 2],
        ]);
        await expectLedgerReplaysToLevels();
      });

      it("keeps each order all or nothing: a short line refuses its whole order, and later orders still fit", async () => {
        const { t, w1, p1, p2, userId, level, expectLedgerReplaysToLevels } = f;
        const placements = await t.ports.reservations.placeMany(
          [
            newOrder(userId, [
              { warehouseId: w1, productId: p1, quantity: 2 },
              { warehouseId: w1, productId: p2, quantity: 4 },
            ]),
            newOrder(userId, [
              { warehouseId: w1, productId: p2, quantity: 3 },
              { warehouseId: w1, productId: p1, quantity: 1 },
              { warehouseId: w1, productId: p1, quantity: 1 },
            ]),
          ],
          NO_LIMITS,
        );
        expect(placements[0]).toMatchObject({
          refused: { productId: p2, requested: 4, available: 3, warehouseId: w1 },
        });
        expect(placements.map(outcome)).toEqual(["insufficient_stock", "placed"]);
        expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 2 });
        expect(await level(w1, p2)).toEqual({ onHand: 3, reserved: 3 });
        const [, second] = placements;
        const id = second !== undefined && "placed" in second ? second.placed.id : -1;
        expect((await t.ports.orders.findById(id))?.lines).toHaveLength(3);
        // One ledger row per stock row, in first-line order.
        expect((await t.ports.stock.movements({ orderId: id })).map((m) => [m.productId, m.reservedDelta])).toEqual([
          [p2, 3],
          [p1, 2],
        ]);
        await expectLedgerReplaysToLevels();
      });

      it("refuses hold_limit_reached past a customer's pending units of a product or pending orders, counting the batch's earlier orders", async () => {
        const { t, w1, w2, p1, p2, userId, level, placePending } = f;
        const other = (await t.given.user({ email: "o@example.com", phone: null, role: "customer", passwordHash: "h" }))
          .id;
        await placePending([{ warehouseId: w2, productId: p1, quantity: 2 }]);
        const limits = { maxPendingUnitsPerProduct: 4, maxPendingOrders: 3 };
        const one = (productId: number, quantity: number) => [{ warehouseId: w1, productId, quantity }];
        const placements = await t.ports.reservations.placeMany(
          [
            newOrder(userId, one(p1, 3)),
            newOrder(userId, one(p1, 2)),
            newOrder(other, one(p1, 4)),
            newOrder(userId, one(p2, 1)),
            newOrder(userId, one(p2, 1)),
          ],
          limits,
        );
        expect(placements.map(outcome)).toEqual([
          "hold_limit_reached",
          "placed",
          "placed",
          "placed",
          "hold_limit_reached",
        ]);
        expect(placements[0]).toEqual({ refused: expect.any(HoldLimitReachedError) });
        expect(placements[0]).toMatchObject({ refused: { limit: "pending_units_per_product", max: 4, productId: p1 } });
        expect(placements[4]).toMatchObject({ refused: { limit: "pending_orders", max: 3 } });
        expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 6 });
        expect(await level(w1, p2)).toEqual({ onHand: 3, reserved: 1 });
        // Closed orders hold nothing: after a cancel the customer may order again.
        const placed = placements.flatMap((p) => ("placed" in p && p.placed.userId === userId ? [p.placed] : []));
        const cancelled = placed[0];
        if (cancelled === undefined) throw new Error("no placed order");
        await t.ports.reservations.release(cancelled.id, cancelled.lines, userId);
        await t.ports.orders.close(cancelled.id, "cancelled", T0);
        const again = await t.ports.reservations.placeMany([newOrder(userId, one(p1, 2))], limits);
        expect(again.map(outcome)).toEqual(["placed"]);
      });

      it("writes nothing when every order is refused", async () => {
        const { t, w1, off, p1, p2, userId, expectNothingWritten } = f;
        const placements = await t.ports.reservations.placeMany(
          [
            newOrder(userId, [{ warehouseId: off, productId: p2, quantity: 1 }]),
            newOrder(userId, [{ warehouseId: w1, productId: p1, quantity: 11 }]),
          ],
          { maxPendingUnitsPerProduct: 20, maxPendingOrders: 5 },
        );
        expect(placements.map(outcome)).toEqual(["insufficient_stock", "insufficient_stock"]);
        expect(placements[0]).toMatchObject({ refused: { available: 0, warehouseId: off } });
        expect(await t.ports.reservations.placeMany([], NO_LIMITS)).toEqual([]);
        await expectNothingWritten();
      });
    });

    it("releases reserved units and sells them, each ledger row naming its actor", async () => {
      const { t, w1, w2, p1, userId, level, expectLedgerReplaysToLevels, placePending } = f;
      const { id: orderId } = await placePending([
        { warehouseId: w1, productId: p1, quantity: 4 },
        { warehouseId: w2, productId: p1, quantity: 2 },
      ]);
      await t.ports.reservations.release(orderId, [{ warehouseId: w2, productId: p1, quantity: 2 }], null);
      await t.ports.reservations.settle(orderId, [{ warehouseId: w1, productId: p1, quantity: 4 }], userId);
      expect(await level(w1, p1)).toEqual({ onHand: 6, reserved: 0 });
      expect(await level(w2, p1)).toEqual({ onHand: 5, reserved: 0 });
      const kinds = (await t.ports.stock.movements({ orderId })).map((m) => [
        m.kind,
        m.onHandDelta,
        m.reservedDelta,
        m.actorUserId,
      ]);
      expect(kinds).toEqual([
        ["reserve", 0, 4, userId],
        ["reserve", 0, 2, userId],
        ["release", 0, -2, null],
        ["sale", -4, -4, userId],
      ]);
      await expectLedgerReplaysToLevels();
    });

    it("sells or releases several lines at once, all or nothing, naming the actor", async () => {
      const { t, w1, p1, p2, userId, level, expectLedgerReplaysToLevels, placePending } = f;
      const first = { warehouseId: w1, productId: p1, quantity: 2 };
      const second = { warehouseId: w1, productId: p2, quantity: 1 };
      const { id: orderId } = await placePending([first, second]);
      await expect(
        t.ports.reservations.release(orderId, [first, { ...second, quantity: 2 }], userId),
      ).rejects.toThrow();
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 2 });
      await t.ports.reservations.settle(orderId, [first, second], userId);
      const sales = (await t.ports.stock.movements({ orderId, kind: "sale" })).map((m) => m.actorUserId);
      expect(sales).toEqual([userId, userId]);
      expect(await level(w1, p1)).toEqual({ onHand: 8, reserved: 0 });
      expect(await level(w1, p2)).toEqual({ onHand: 2, reserved: 0 });
      await expectLedgerReplaysToLevels();
    });

    it("releases many orders at once with the ledger rows one release per order would write", async () => {
      const { t, w1, w2, p1, p2, level, expectLedgerReplaysToLevels, placePending } = f;
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
      const { id: orderId } = await placePending(mine);
      const { id: other } = await placePending(theirs);
      await t.ports.reservations.releaseMany([]);
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 7 });

      await t.ports.reservations.releaseMany([
        { orderId: other, lines: theirs },
        { orderId, lines: mine },
      ]);

      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 0 });
      expect(await level(w1, p2)).toEqual({ onHand: 3, reserved: 0 });
      expect(await level(w2, p1)).toEqual({ onHand: 5, reserved: 0 });
      const releases = (await t.ports.stock.movements({}))
        .filter((m) => m.kind === "release")
        .map((m) => [m.orderId, m.warehouseId, m.productId, m.onHandDelta, m.reservedDelta, m.actorUserId]);
      expect(releases).toEqual([
        [other, w2, p1, 0, -2, null],
        [other, w1, p1, 0, -4, null],
        [orderId, w1, p1, 0, -3, null],
        [orderId, w1, p2, 0, -1, null],
      ]);
      await expectLedgerReplaysToLevels();
    });

    it("releases none of many orders when their lines together exceed what is reserved", async () => {
      const { t, w1, w2, p1, p2, level, expectLedgerReplaysToLevels, placePending } = f;
      const line = { warehouseId: w1, productId: p1, quantity: 3 };
      const { id: orderId } = await placePending([line, { warehouseId: w1, productId: p2, quantity: 1 }]);
      // Each release alone fits; the two together ask for 6 of the 3 reserved units.
      await expect(
        t.ports.reservations.releaseMany([
          { orderId, lines: [{ warehouseId: w1, productId: p2, quantity: 1 }, line] },
          { orderId, lines: [line] },
        ]),
      ).rejects.toThrow();
      await expect(
        t.ports.reservations.releaseMany([{ orderId, lines: [{ warehouseId: w2, productId: p2, quantity: 1 }] }]),
      ).rejects.toThrow();
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 3 });
      expect(await level(w1, p2)).toEqual({ onHand: 3, reserved: 1 });
      expect((await t.ports.stock.movements({ orderId })).map((m) => m.kind)).toEqual(["reserve", "reserve"]);
      await expectLedgerReplaysToLevels();
    });

    it("refuses to release or sell more than is reserved, and changes nothing", async () => {
      const { t, w1, p1, level, expectLedgerReplaysToLevels, placePending } = f;
      const { id: orderId } = await placePending([{ warehouseId: w1, productId: p1, quantity: 1 }]);
      await expect(
        t.ports.reservations.release(orderId, [{ warehouseId: w1, productId: p1, quantity: 2 }], null),
      ).rejects.toThrow();
      await expect(
        t.ports.reservations.settle(orderId, [{ warehouseId: w1, productId: p1, quantity: 2 }], null),
      ).rejects.toThrow();
      expect(await level(w1, p1)).toEqual({ onHand: 10, reserved: 1 });
      await expectLedgerReplaysToLevels();
    });
  });
}
