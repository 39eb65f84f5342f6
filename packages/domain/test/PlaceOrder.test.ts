import { describe, expect, it } from "vitest";
import {
  InsufficientStockError,
  InvalidInputError,
  type NewOrder,
  PlaceOrder,
  ProductArchivedError,
  ProductNotFoundError,
  type Reservations,
  WarehouseInactiveError,
  WarehouseNotFoundError,
} from "../src/index.js";
import { createTestShop, type TestShop } from "./support/createTestShop.js";

const linesOf = (order: { lines: readonly { warehouseId: number; productId: number; quantity: number }[] }) =>
  order.lines.map(({ warehouseId, productId, quantity }) => ({ warehouseId, productId, quantity }));

async function expectNothingReserved(shop: TestShop) {
  expect(await shop.allOrders()).toEqual([]);
  for (const level of await shop.levels()) expect(level.reserved).toBe(0);
  const kinds = (await shop.ports.stock.movements({})).map((m) => m.kind);
  expect(kinds.every((k) => k === "adjust")).toBe(true);
  expect(shop.ports.timer.due.size).toBe(0);
}

describe("PlaceOrder", () => {
  it("reserves the items in a pending order that expires after the TTL", async () => {
    const shop = createTestShop({ reservationTtlSeconds: 120 });
    const w = shop.givenWarehouse();
    const pen = shop.givenProduct({ priceCents: 250 });
    const ink = shop.givenProduct({ priceCents: 99 });
    await shop.givenStock(w, pen, 5);
    await shop.givenStock(w, ink, 10);
    const customer = await shop.givenCustomer();
    const now = shop.clock.now();

    const order = await shop.givenOrder(customer, [
      { product: pen, quantity: 2 },
      { product: ink, quantity: 3 },
    ]);

    expect(order).toMatchObject({
      userId: customer.userId,
      status: "pending",
      totalCents: 2 * 250 + 3 * 99,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 120_000),
      closedAt: null,
    });
    expect(order.lines).toEqual([
      { warehouseId: w.id, productId: pen.id, quantity: 2, unitPriceCents: 250 },
      { warehouseId: w.id, productId: ink.id, quantity: 3, unitPriceCents: 99 },
    ]);
    expect(await shop.orderById(order.id)).toEqual(order);
    expect(await shop.stockAt(w, pen)).toEqual({ onHand: 5, reserved: 2 });
    expect(await shop.stockAt(w, ink)).toEqual({ onHand: 10, reserved: 3 });
    const reserveRows = await shop.ports.stock.movements({ orderId: order.id });
    expect(reserveRows.map((m) => [m.kind, m.productId, m.onHandDelta, m.reservedDelta])).toEqual([
      ["reserve", pen.id, 0, 2],
      ["reserve", ink.id, 0, 3],
    ]);
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("hands the order's deadline to the reservation timer", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w, p, 1);

    const order = await shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 1 }]);

    expect(shop.ports.timer.due.get(order.id)).toBe(order.expiresAt.getTime());
  });

  it("still checks out when the reservation timer is down; the sweep expires it later", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w, p, 4);
    shop.ports.timer.down = true;

    const order = await shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 3 }]);

    expect(order.status).toBe("pending");
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 4, reserved: 3 });
    expect(shop.ports.timer.due.size).toBe(0);

    shop.clock.advanceSeconds(300);
    await shop.service.expireOverdueReservations.execute({ limit: 10 });
    expect((await shop.orderById(order.id))?.status).toBe("expired");
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 4, reserved: 0 });
  });

  it("serves the whole order from the first warehouse, by priority, that can serve all of it", async () => {
    const shop = createTestShop();
    const first = shop.givenWarehouse({ priority: 1 });
    const second = shop.givenWarehouse({ priority: 2 });
    const third = shop.givenWarehouse({ priority: 3 });
    const a = shop.givenProduct();
    const b = shop.givenProduct();
    await shop.givenStock(first, a, 10); // has a but no b
    await shop.givenStock(second, a, 2);
    await shop.givenStock(second, b, 2);
    await shop.givenStock(third, a, 10);
    await shop.givenStock(third, b, 10);

    const order = await shop.givenOrder(await shop.givenCustomer(), [
      { product: a, quantity: 2 },
      { product: b, quantity: 2 },
    ]);

    expect(linesOf(order)).toEqual([
      { warehouseId: second.id, productId: a.id, quantity: 2 },
      { warehouseId: second.id, productId: b.id, quantity: 2 },
    ]);
  });

  it("follows warehouse priority, not id order", async () => {
    const shop = createTestShop();
    const low = shop.givenWarehouse({ priority: 20 });
    const high = shop.givenWarehouse({ priority: 10 });
    const p = shop.givenProduct();
    await shop.givenStock(low, p, 5);
    await shop.givenStock(high, p, 5);

    const order = await shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 5 }]);

    expect(linesOf(order)).toEqual([{ warehouseId: high.id, productId: p.id, quantity: 5 }]);
    expect(await shop.stockAt(low, p)).toEqual({ onHand: 5, reserved: 0 });
  });

  it("splits an item across warehouses in priority order when no single one has enough", async () => {
    const shop = createTestShop();
    const w1 = shop.givenWarehouse();
    const w2 = shop.givenWarehouse();
    const w3 = shop.givenWarehouse();
    const p = shop.givenProduct({ priceCents: 10 });
    await shop.givenStock(w1, p, 3);
    await shop.givenStock(w2, p, 4);
    await shop.givenStock(w3, p, 4);

    const order = await shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 9 }]);

    expect(linesOf(order)).toEqual([
      { warehouseId: w1.id, productId: p.id, quantity: 3 },
      { warehouseId: w2.id, productId: p.id, quantity: 4 },
      { warehouseId: w3.id, productId: p.id, quantity: 2 },
    ]);
    expect(order.totalCents).toBe(90);
    expect(await shop.stockAt(w3, p)).toEqual({ onHand: 4, reserved: 2 });
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("serves each item from one warehouse when one has enough, even if no warehouse serves the whole order", async () => {
    const shop = createTestShop();
    const w1 = shop.givenWarehouse();
    const w2 = shop.givenWarehouse();
    const a = shop.givenProduct();
    const b = shop.givenProduct();
    await shop.givenStock(w1, a, 2);
    await shop.givenStock(w1, b, 5);
    await shop.givenStock(w2, a, 10);

    const order = await shop.givenOrder(await shop.givenCustomer(), [
      { product: a, quantity: 5 },
      { product: b, quantity: 5 },
    ]);

    // Splitting is the last resort: a comes whole from w2 rather than 2 from w1 plus 3 from w2.
    expect(linesOf(order)).toEqual([
      { warehouseId: w2.id, productId: a.id, quantity: 5 },
      { warehouseId: w1.id, productId: b.id, quantity: 5 },
    ]);
  });

  it("takes no stock from inactive warehouses", async () => {
    const shop = createTestShop();
    const closed = shop.givenWarehouse({ status: "inactive", priority: 1 });
    const open = shop.givenWarehouse({ priority: 2 });
    const p = shop.givenProduct();
    await shop.givenStock(closed, p, 100);
    await shop.givenStock(open, p, 3);

    const order = await shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 3 }]);
    expect(linesOf(order)).toEqual([{ warehouseId: open.id, productId: p.id, quantity: 3 }]);

    const tooMuch = shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 1 }]);
    await expect(tooMuch).rejects.toMatchObject({ code: "insufficient_stock", available: 0 });
    expect(await shop.stockAt(closed, p)).toEqual({ onHand: 100, reserved: 0 });
  });

  it("serves the whole order from an explicitly chosen warehouse", async () => {
    const shop = createTestShop();
    const w1 = shop.givenWarehouse();
    const w2 = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w1, p, 10);
    await shop.givenStock(w2, p, 10);

    const order = await shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 4 }], w2);

    expect(linesOf(order)).toEqual([{ warehouseId: w2.id, productId: p.id, quantity: 4 }]);
    expect(await shop.stockAt(w1, p)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("does not fall back to other warehouses when the chosen one lacks stock", async () => {
    const shop = createTestShop();
    const w1 = shop.givenWarehouse();
    const w2 = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w1, p, 10);
    await shop.givenStock(w2, p, 2);

    const placing = shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 3 }], w2);

    await expect(placing).rejects.toBeInstanceOf(InsufficientStockError);
    await expect(placing).rejects.toMatchObject({
      code: "insufficient_stock",
      details: { product_id: p.id, requested: 3, available: 2, warehouse_id: w2.id },
    });
    await expectNothingReserved(shop);
  });

  it("fails with insufficient_stock naming the product and what is available, reserving nothing", async () => {
    const shop = createTestShop();
    const w1 = shop.givenWarehouse();
    const w2 = shop.givenWarehouse();
    const plenty = shop.givenProduct();
    const scarce = shop.givenProduct();
    await shop.givenStock(w1, plenty, 50);
    await shop.givenStock(w1, scarce, 2);
    await shop.givenStock(w2, scarce, 1);

    const placing = shop.givenOrder(await shop.givenCustomer(), [
      { product: plenty, quantity: 5 },
      { product: scarce, quantity: 4 },
    ]);

    await expect(placing).rejects.toMatchObject({
      code: "insufficient_stock",
      productId: scarce.id,
      requested: 4,
      available: 3,
      details: { product_id: scarce.id, requested: 4, available: 3 },
    });
    await expectNothingReserved(shop);
  });

  it("counts reserved units as unavailable", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w, p, 5);
    await shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 4 }]);

    await expect(shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 2 }])).rejects.toMatchObject({
      code: "insufficient_stock",
      available: 1,
    });
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 5, reserved: 4 });
  });

  it("fails with product_not_found for an unknown product, reserving nothing", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w, p, 5);

    const placing = shop.service.placeOrder.execute({
      actor: await shop.givenCustomer(),
      items: [
        { productId: p.id, quantity: 1 },
        { productId: 999, quantity: 1 },
      ],
    });

    await expect(placing).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(placing).rejects.toMatchObject({ code: "product_not_found", details: { product_id: 999 } });
    await expectNothingReserved(shop);
  });

  it("fails with product_archived for an archived product and reserves nothing", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const active = shop.givenProduct();
    const archived = shop.givenProduct({ status: "archived" });
    await shop.givenStock(w, active, 5);
    await shop.givenStock(w, archived, 5);

    const placing = shop.service.placeOrder.execute({
      actor: await shop.givenCustomer(),
      items: [
        { productId: active.id, quantity: 1 },
        { productId: archived.id, quantity: 1 },
      ],
    });

    await expect(placing).rejects.toBeInstanceOf(ProductArchivedError);
    await expect(placing).rejects.toMatchObject({ code: "product_archived", details: { product_id: archived.id } });
    await expectNothingReserved(shop);
  });

  it("fails with warehouse_not_found for an unknown chosen warehouse", async () => {
    const shop = createTestShop();
    const p = shop.givenProduct();
    await shop.givenStock(shop.givenWarehouse(), p, 5);

    const placing = shop.service.placeOrder.execute({
      actor: await shop.givenCustomer(),
      items: [{ productId: p.id, quantity: 1 }],
      warehouseId: 77,
    });

    await expect(placing).rejects.toBeInstanceOf(WarehouseNotFoundError);
    await expect(placing).rejects.toMatchObject({ code: "warehouse_not_found", details: { warehouse_id: 77 } });
    await expectNothingReserved(shop);
  });

  it("fails with warehouse_inactive for an inactive chosen warehouse, even with stock there", async () => {
    const shop = createTestShop();
    const closed = shop.givenWarehouse({ status: "inactive" });
    const p = shop.givenProduct();
    await shop.givenStock(closed, p, 5);

    const placing = shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 1 }], closed);

    await expect(placing).rejects.toBeInstanceOf(WarehouseInactiveError);
    await expect(placing).rejects.toMatchObject({ code: "warehouse_inactive", details: { warehouse_id: closed.id } });
    await expectNothingReserved(shop);
  });

  it("merges duplicate product lines into one demand", async () => {
    const shop = createTestShop();
    const w1 = shop.givenWarehouse();
    const w2 = shop.givenWarehouse();
    const p = shop.givenProduct({ priceCents: 7 });
    await shop.givenStock(w1, p, 4);
    await shop.givenStock(w2, p, 5);

    const order = await shop.givenOrder(await shop.givenCustomer(), [
      { product: p, quantity: 2 },
      { product: p, quantity: 3 },
    ]);

    // As one demand of 5, w2 serves it whole; line by line, w1 would have served 2 and then split 3.
    expect(linesOf(order)).toEqual([{ warehouseId: w2.id, productId: p.id, quantity: 5 }]);
    expect(order.totalCents).toBe(35);
    expect(await shop.stockAt(w2, p)).toEqual({ onHand: 5, reserved: 5 });
  });

  it("judges merged duplicate lines against stock as one quantity", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w, p, 4);

    const placing = shop.givenOrder(await shop.givenCustomer(), [
      { product: p, quantity: 3 },
      { product: p, quantity: 3 },
    ]);

    await expect(placing).rejects.toMatchObject({ code: "insufficient_stock", requested: 6, available: 4 });
    await expectNothingReserved(shop);
  });

  it("rejects merged duplicate lines above 1,000,000 units as invalid_input", async () => {
    const shop = createTestShop();
    const p = shop.givenProduct();
    await shop.givenStock(shop.givenWarehouse(), p, 3_000_000);

    const placing = shop.givenOrder(await shop.givenCustomer(), [
      { product: p, quantity: 600_000 },
      { product: p, quantity: 400_001 },
    ]);

    await expect(placing).rejects.toBeInstanceOf(InvalidInputError);
    await expectNothingReserved(shop);
    await expect(
      shop.givenOrder(await shop.givenCustomer(), [
        { product: p, quantity: 600_000 },
        { product: p, quantity: 400_000 },
      ]),
    ).resolves.toMatchObject({ status: "pending" });
  });

  it("never oversells when two checkouts race for the last units", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w, p, 3);
    const [ann, bob] = [await shop.givenCustomer(), await shop.givenCustomer()];

    const results = await Promise.allSettled([
      shop.givenOrder(ann, [{ product: p, quantity: 3 }]),
      shop.givenOrder(bob, [{ product: p, quantity: 3 }]),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failure = results.find((r) => r.status === "rejected");
    expect(failure?.status === "rejected" && failure.reason).toBeInstanceOf(InsufficientStockError);
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 3, reserved: 3 });
  });

  it("plans again when a racing checkout took the planned warehouse's units", async () => {
    const shop = createTestShop();
    const w1 = shop.givenWarehouse();
    const w2 = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w1, p, 3);
    await shop.givenStock(w2, p, 3);
    const [ann, bob] = [await shop.givenCustomer(), await shop.givenCustomer()];

    // Both plan on w1 before either reserves; the loser must move to w2 instead of failing.
    const [first, second] = await Promise.all([
      shop.givenOrder(ann, [{ product: p, quantity: 3 }]),
      shop.givenOrder(bob, [{ product: p, quantity: 3 }]),
    ]);

    expect(new Set([...first.lines, ...second.lines].map((l) => l.warehouseId))).toEqual(new Set([w1.id, w2.id]));
    expect(await shop.stockAt(w1, p)).toEqual({ onHand: 3, reserved: 3 });
    expect(await shop.stockAt(w2, p)).toEqual({ onHand: 3, reserved: 3 });
  });

  describe("when a rival checkout takes the planned units just before each reservation", () => {
    /**
     * 3 units, and a rival who reserves them just before each of our first `lostRaces` reservations
     * and cancels once ours has lost, so they are free again for our next plan. Each rival order
     * stands for one run of our checkout's write.
     */
    async function givenRivalWinning(lostRaces: number) {
      const shop = createTestShop();
      const w = shop.givenWarehouse();
      const p = shop.givenProduct();
      await shop.givenStock(w, p, 3);
      const rival = await shop.givenCustomer();
      const inner = shop.ports.reservations;
      let lost = 0;
      const reservations: Reservations = Object.assign(Object.create(inner) as Reservations, {
        placePending: async (order: NewOrder) => {
          if (lost >= lostRaces) return inner.placePending(order);
          lost++;
          const rivals = await inner.placePending({ ...order, userId: rival.userId });
          try {
            return await inner.placePending(order);
          } finally {
            await inner.release(rivals.id, rivals.lines);
            await shop.ports.orders.close(rivals.id, "cancelled", shop.clock.now());
          }
        },
      });
      const placeOrder = new PlaceOrder({ ...shop.ports, reservations }, 300);
      const rivalOrders = async () => (await shop.allOrders()).filter((o) => o.userId === rival.userId);
      return { shop, w, p, placeOrder, rivalOrders, customer: await shop.givenCustomer() };
    }

    it("plans again after losing twice and reserves on the third attempt", async () => {
      const { shop, w, p, placeOrder, rivalOrders, customer } = await givenRivalWinning(2);

      const order = await placeOrder.execute({ actor: customer, items: [{ productId: p.id, quantity: 3 }] });

      expect(order.status).toBe("pending");
      expect(await rivalOrders()).toHaveLength(2);
      expect(await shop.stockAt(w, p)).toEqual({ onHand: 3, reserved: 3 });
      expect(await shop.replayedStock()).toEqual(await shop.currentStock());
    });

    it("gives up with insufficient_stock after 3 lost races: the write ran 3 times in all", async () => {
      const { shop, w, p, placeOrder, rivalOrders, customer } = await givenRivalWinning(Number.POSITIVE_INFINITY);

      const placing = placeOrder.execute({ actor: customer, items: [{ productId: p.id, quantity: 3 }] });

      await expect(placing).rejects.toBeInstanceOf(InsufficientStockError);
      expect((await rivalOrders()).map((o) => o.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
      expect((await shop.allOrders()).filter((o) => o.userId === customer.userId)).toEqual([]);
      expect(await shop.stockAt(w, p)).toEqual({ onHand: 3, reserved: 0 });
    });
  });

  describe("when a warehouse is switched off between planning and reserving", () => {
    async function givenSwitchOffBeforeFirstReservation() {
      const shop = createTestShop();
      const w1 = shop.givenWarehouse();
      const w2 = shop.givenWarehouse();
      const p = shop.givenProduct();
      await shop.givenStock(w1, p, 5);
      await shop.givenStock(w2, p, 5);
      // The plan is made on w1; an admin switches it off just before the reservation commits.
      let switched = false;
      const inner = shop.ports.reservations;
      const reservations: Reservations = Object.assign(Object.create(inner) as Reservations, {
        placePending: async (order: NewOrder) => {
          if (!switched) {
            switched = true;
            await shop.ports.warehouses.setStatus(w1.id, "inactive");
          }
          return inner.placePending(order);
        },
      });
      const placeOrder = new PlaceOrder({ ...shop.ports, reservations }, 300);
      return { shop, w1, w2, p, placeOrder, customer: await shop.givenCustomer() };
    }

    it("plans again on the warehouses still active", async () => {
      const { shop, w1, w2, p, placeOrder, customer } = await givenSwitchOffBeforeFirstReservation();

      const order = await placeOrder.execute({ actor: customer, items: [{ productId: p.id, quantity: 3 }] });

      expect(linesOf(order)).toEqual([{ warehouseId: w2.id, productId: p.id, quantity: 3 }]);
      expect(await shop.stockAt(w1, p)).toEqual({ onHand: 5, reserved: 0 });
    });

    it("fails with warehouse_inactive when that warehouse was the one asked for", async () => {
      const { shop, w1, p, placeOrder, customer } = await givenSwitchOffBeforeFirstReservation();

      const placing = placeOrder.execute({
        actor: customer,
        items: [{ productId: p.id, quantity: 3 }],
        warehouseId: w1.id,
      });

      await expect(placing).rejects.toBeInstanceOf(WarehouseInactiveError);
      await expectNothingReserved(shop);
    });
  });
});
