import { describe, expect, it } from "vitest";
import { OrderNotCancellableError, OrderNotFoundError } from "../src/index.js";
import { givenPendingOrder, TTL_SECONDS } from "./support/createTestShop.js";

describe("CancelOrder", () => {
  it("lets the owner cancel a pending order, giving its stock back", async () => {
    const { shop, w, p, owner, order } = await givenPendingOrder();

    const cancelled = await shop.service.cancelOrder.execute({ actor: owner, orderId: order.id });

    expect(cancelled).toMatchObject({ status: "cancelled", closedAt: shop.clock.now() });
    expect((await shop.orderById(order.id))?.status).toBe("cancelled");
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
    const rows = await shop.ports.stock.movements({ orderId: order.id });
    expect(rows.map((m) => [m.kind, m.onHandDelta, m.reservedDelta])).toEqual([
      ["reserve", 0, 4],
      ["release", 0, -4],
    ]);
    expect(shop.ports.timer.due.has(order.id)).toBe(false);
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("lets an admin cancel anyone's order", async () => {
    const { shop, w, p, order } = await givenPendingOrder();

    await shop.service.cancelOrder.execute({ actor: await shop.givenAdmin(), orderId: order.id });

    expect((await shop.orderById(order.id))?.status).toBe("cancelled");
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("answers order_not_found to another customer and changes nothing", async () => {
    const { shop, w, p, order } = await givenPendingOrder();

    const cancelling = shop.service.cancelOrder.execute({ actor: await shop.givenCustomer(), orderId: order.id });

    await expect(cancelling).rejects.toBeInstanceOf(OrderNotFoundError);
    expect((await shop.orderById(order.id))?.status).toBe("pending");
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 4 });
  });

  it.each(["paid", "cancelled", "expired"] as const)(
    "refuses with order_not_cancellable when the order is %s",
    async (status) => {
      const { shop, w, p, owner, order } = await givenPendingOrder();
      if (status === "paid") await shop.service.payOrder.execute({ actor: owner, orderId: order.id });
      if (status === "cancelled") await shop.service.cancelOrder.execute({ actor: owner, orderId: order.id });
      if (status === "expired") {
        shop.clock.advanceSeconds(TTL_SECONDS);
        await shop.service.expireReservation.execute({ orderId: order.id });
      }
      const before = await shop.stockAt(w, p);

      const cancelling = shop.service.cancelOrder.execute({ actor: owner, orderId: order.id });

      await expect(cancelling).rejects.toBeInstanceOf(OrderNotCancellableError);
      await expect(cancelling).rejects.toMatchObject({ code: "order_not_cancellable", details: { status } });
      expect((await shop.orderById(order.id))?.status).toBe(status);
      expect(await shop.stockAt(w, p)).toEqual(before);
    },
  );
});
