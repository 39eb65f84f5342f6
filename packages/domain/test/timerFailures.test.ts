import { describe, expect, it } from "vitest";
import { createOrderService, type ReservationTimer } from "../src/index.js";
import { createTestShop, TTL_SECONDS } from "./support/createTestShop.js";

/** A timer whose methods throw before returning a promise, as a non-async adapter might. */
const throwingTimer: ReservationTimer = {
  schedule() {
    throw new Error("timer unreachable");
  },
  scheduleMany() {
    throw new Error("timer unreachable");
  },
  cancel() {
    throw new Error("timer unreachable");
  },
  claimDue() {
    throw new Error("timer unreachable");
  },
};

// The deadline lives with the order, so the timer only makes expiry prompt: no use case may fail
// (or, worse, report failure after committing) because the timer did.
describe("a timer that throws synchronously", () => {
  async function givenShop() {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w, p, 10);
    const service = createOrderService({ ...shop.ports, timer: throwingTimer }, { reservationTtlSeconds: TTL_SECONDS });
    const customer = await shop.givenCustomer();
    const place = () => service.placeOrder.execute({ actor: customer, items: [{ productId: p.id, quantity: 2 }] });
    return { shop, w, p, service, customer, place };
  }

  it("does not fail checkout after the reservation committed", async () => {
    const { shop, w, p, place } = await givenShop();

    await expect(place()).resolves.toMatchObject({ status: "pending" });
    expect(await shop.allOrders()).toHaveLength(1);
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 2 });
  });

  it("does not fail pay, cancel, expire or the sweep", async () => {
    const { shop, w, p, service, customer, place } = await givenShop();
    const [toPay, toCancel, toExpire, toSweep] = [await place(), await place(), await place(), await place()];

    await expect(service.payOrder.execute({ actor: customer, orderId: toPay.id })).resolves.toMatchObject({
      status: "paid",
    });
    await expect(service.cancelOrder.execute({ actor: customer, orderId: toCancel.id })).resolves.toMatchObject({
      status: "cancelled",
    });
    await expect(service.expireReservation.execute({ orderId: toExpire.id })).resolves.toMatchObject({
      outcome: "not_due",
    });
    shop.clock.advanceSeconds(TTL_SECONDS);
    await expect(service.expireReservation.execute({ orderId: toExpire.id })).resolves.toMatchObject({
      outcome: "expired",
    });
    await expect(service.expireOverdueReservations.execute({ limit: 10 })).resolves.toEqual([
      { orderId: toSweep.id, lagMs: 0 },
    ]);
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 8, reserved: 0 });
  });
});
