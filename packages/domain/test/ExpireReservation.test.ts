import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/index.js";
import { givenPendingOrder, TTL_SECONDS } from "./support/createTestShop.js";

describe("ExpireReservation", () => {
  it("expires a due order and gives its stock back", async () => {
    const { shop, w, p, order } = await givenPendingOrder();
    shop.clock.advanceSeconds(TTL_SECONDS + 7);

    const result = await shop.service.expireReservation.execute({ orderId: order.id });

    expect(result).toEqual({ outcome: "expired", orderId: order.id, lagMs: 7000 });
    expect(await shop.orderById(order.id)).toMatchObject({ status: "expired", closedAt: shop.clock.now() });
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
    expect(shop.ports.timer.due.has(order.id)).toBe(false);
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("is idempotent: a second call reports not_pending and releases nothing more", async () => {
    const { shop, w, p, order } = await givenPendingOrder();
    shop.clock.advanceSeconds(TTL_SECONDS);
    await shop.service.expireReservation.execute({ orderId: order.id });
    const ledgerRows = (await shop.ports.stock.movements({})).length;

    const again = await shop.service.expireReservation.execute({ orderId: order.id });

    expect(again).toEqual({ outcome: "not_pending", orderId: order.id, status: "expired" });
    expect((await shop.ports.stock.movements({})).length).toBe(ledgerRows);
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("leaves a paid order alone and reports not_pending", async () => {
    const { shop, w, p, owner, order } = await givenPendingOrder();
    await shop.service.payOrder.execute({ actor: owner, orderId: order.id });
    shop.clock.advanceSeconds(TTL_SECONDS);

    const result = await shop.service.expireReservation.execute({ orderId: order.id });

    expect(result).toEqual({ outcome: "not_pending", orderId: order.id, status: "paid" });
    expect((await shop.orderById(order.id))?.status).toBe("paid");
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 6, reserved: 0 });
  });

  it("reports not_due before expires_at, keeps the reservation and schedules it again", async () => {
    const { shop, w, p, order } = await givenPendingOrder();
    shop.clock.advanceSeconds(TTL_SECONDS - 1);
    // A claim moved the timer entry to a lease deadline; not_due must restore the real one.
    shop.ports.timer.due.set(order.id, 0);

    const result = await shop.service.expireReservation.execute({ orderId: order.id });

    expect(result).toEqual({ outcome: "not_due", orderId: order.id, expiresAt: order.expiresAt });
    expect((await shop.orderById(order.id))?.status).toBe("pending");
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 4 });
    expect(shop.ports.timer.due.get(order.id)).toBe(order.expiresAt.getTime());
  });

  it("reports not_found for an order that does not exist", async () => {
    const { shop } = await givenPendingOrder();

    await expect(shop.service.expireReservation.execute({ orderId: 999 })).resolves.toEqual({
      outcome: "not_found",
      orderId: 999,
    });
  });

  it("still expires when the timer is down", async () => {
    const { shop, w, p, order } = await givenPendingOrder();
    shop.clock.advanceSeconds(TTL_SECONDS);
    shop.ports.timer.down = true;

    await expect(shop.service.expireReservation.execute({ orderId: order.id })).resolves.toMatchObject({
      outcome: "expired",
    });
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
  });

  it.each([0, -1, 1.5, Number.NaN, "1", null])("rejects the order id %s as invalid_input", async (orderId) => {
    const { shop } = await givenPendingOrder();

    await expect(shop.service.expireReservation.execute({ orderId: orderId as never })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });
});
