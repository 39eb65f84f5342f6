import { describe, expect, it } from "vitest";
import { OrderNotFoundError, OrderNotPayableError, ReservationExpiredError } from "../src/index.js";
import { createTestShop, TTL_SECONDS } from "./support/createTestShop.js";

async function givenPendingOrder() {
  const shop = createTestShop();
  const w1 = shop.givenWarehouse();
  const w2 = shop.givenWarehouse();
  const p = shop.givenProduct({ priceCents: 300 });
  await shop.givenStock(w1, p, 3);
  await shop.givenStock(w2, p, 4);
  const owner = await shop.givenCustomer();
  // 3 from w1 and 2 from w2: paying must sell both lines.
  const order = await shop.givenOrder(owner, [{ product: p, quantity: 5 }]);
  return { shop, w1, w2, p, owner, order };
}

describe("PayOrder", () => {
  it("turns the reservation into a sale: on_hand and reserved both drop", async () => {
    const { shop, w1, w2, p, owner, order } = await givenPendingOrder();
    shop.clock.advanceSeconds(10);

    const paid = await shop.service.payOrder.execute({ actor: owner, orderId: order.id });

    expect(paid).toMatchObject({ id: order.id, status: "paid", closedAt: shop.clock.now() });
    expect(await shop.orderById(order.id)).toEqual(paid);
    expect(await shop.stockAt(w1, p)).toEqual({ onHand: 0, reserved: 0 });
    expect(await shop.stockAt(w2, p)).toEqual({ onHand: 2, reserved: 0 });
    const sales = (await shop.ports.stock.movements({ orderId: order.id })).filter((m) => m.kind === "sale");
    expect(sales.map((m) => [m.warehouseId, m.onHandDelta, m.reservedDelta])).toEqual([
      [w1.id, -3, -3],
      [w2.id, -2, -2],
    ]);
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("pays a pending order whose product was archived after checkout", async () => {
    const { shop, w1, w2, p, owner, order } = await givenPendingOrder();
    await shop.service.updateProduct.execute({
      actor: await shop.givenAdmin(),
      productId: p.id,
      status: "archived",
    });

    const paid = await shop.service.payOrder.execute({ actor: owner, orderId: order.id });

    expect(paid).toMatchObject({ status: "paid", totalCents: 1500 });
    expect(await shop.stockAt(w1, p)).toEqual({ onHand: 0, reserved: 0 });
    expect(await shop.stockAt(w2, p)).toEqual({ onHand: 2, reserved: 0 });
  });

  it("removes the order from the reservation timer", async () => {
    const { shop, owner, order } = await givenPendingOrder();
    expect(shop.ports.timer.due.has(order.id)).toBe(true);

    await shop.service.payOrder.execute({ actor: owner, orderId: order.id });

    expect(shop.ports.timer.due.has(order.id)).toBe(false);
  });

  it("still pays when the reservation timer is down", async () => {
    const { shop, owner, order } = await givenPendingOrder();
    shop.ports.timer.down = true;

    await expect(shop.service.payOrder.execute({ actor: owner, orderId: order.id })).resolves.toMatchObject({
      status: "paid",
    });
  });

  it("answers order_not_found to anyone but the owner, admins included, and changes nothing", async () => {
    const { shop, w1, p, order } = await givenPendingOrder();
    const stranger = await shop.givenCustomer();
    const admin = await shop.givenAdmin();

    for (const actor of [stranger, admin]) {
      const paying = shop.service.payOrder.execute({ actor, orderId: order.id });
      await expect(paying).rejects.toBeInstanceOf(OrderNotFoundError);
      await expect(paying).rejects.toMatchObject({ code: "order_not_found", details: { order_id: order.id } });
    }
    expect((await shop.orderById(order.id))?.status).toBe("pending");
    expect(await shop.stockAt(w1, p)).toEqual({ onHand: 3, reserved: 3 });
  });

  it("answers order_not_found for an order that does not exist", async () => {
    const { shop, owner } = await givenPendingOrder();

    await expect(shop.service.payOrder.execute({ actor: owner, orderId: 4242 })).rejects.toMatchObject({
      code: "order_not_found",
    });
  });

  it("refuses to pay twice with order_not_payable, selling only once", async () => {
    const { shop, w2, p, owner, order } = await givenPendingOrder();
    await shop.service.payOrder.execute({ actor: owner, orderId: order.id });

    const again = shop.service.payOrder.execute({ actor: owner, orderId: order.id });

    await expect(again).rejects.toBeInstanceOf(OrderNotPayableError);
    await expect(again).rejects.toMatchObject({
      code: "order_not_payable",
      details: { order_id: order.id, status: "paid" },
    });
    expect(await shop.stockAt(w2, p)).toEqual({ onHand: 2, reserved: 0 });
  });

  it("refuses to pay a cancelled order", async () => {
    const { shop, owner, order } = await givenPendingOrder();
    await shop.service.cancelOrder.execute({ actor: owner, orderId: order.id });

    await expect(shop.service.payOrder.execute({ actor: owner, orderId: order.id })).rejects.toMatchObject({
      code: "order_not_payable",
      details: { status: "cancelled" },
    });
  });

  it("pays one second before expires_at", async () => {
    const { shop, owner, order } = await givenPendingOrder();
    shop.clock.advanceSeconds(TTL_SECONDS - 1);

    await expect(shop.service.payOrder.execute({ actor: owner, orderId: order.id })).resolves.toMatchObject({
      status: "paid",
    });
  });

  it("fails with reservation_expired at expires_at and expires the order, releasing its stock", async () => {
    const { shop, w1, w2, p, owner, order } = await givenPendingOrder();
    shop.clock.advanceSeconds(TTL_SECONDS);

    const paying = shop.service.payOrder.execute({ actor: owner, orderId: order.id });

    await expect(paying).rejects.toBeInstanceOf(ReservationExpiredError);
    await expect(paying).rejects.toMatchObject({
      code: "reservation_expired",
      details: { order_id: order.id, expires_at: order.expiresAt.toISOString() },
    });
    // The worker has not run: the failed payment itself committed the expiry.
    expect(await shop.orderById(order.id)).toMatchObject({ status: "expired", closedAt: shop.clock.now() });
    expect(await shop.stockAt(w1, p)).toEqual({ onHand: 3, reserved: 0 });
    expect(await shop.stockAt(w2, p)).toEqual({ onHand: 4, reserved: 0 });
    const kinds = (await shop.ports.stock.movements({ orderId: order.id })).map((m) => m.kind);
    expect(kinds).toEqual(["reserve", "reserve", "release", "release"]);
    expect(shop.ports.timer.due.has(order.id)).toBe(false);
    await expect(shop.service.payOrder.execute({ actor: owner, orderId: order.id })).rejects.toMatchObject({
      code: "order_not_payable",
      details: { status: "expired" },
    });
  });
});
