import { describe, expect, it } from "vitest";
import { createOrderService, DEFAULT_RESERVATION_TTL_SECONDS, InvalidInputError } from "../src/index.js";
import { createInMemoryPorts } from "../src/testing/index.js";
import { createTestShop } from "./support/createTestShop.js";

describe("createOrderService", () => {
  it("holds reservations for the default TTL when no options are given", async () => {
    const shop = createTestShop();
    const service = createOrderService(shop.ports);
    const w = shop.givenWarehouse();
    const p = shop.givenProduct();
    await shop.givenStock(w, p, 1);

    const order = await service.placeOrder.execute({
      actor: await shop.givenCustomer(),
      items: [{ productId: p.id, quantity: 1 }],
    });

    expect(order.expiresAt.getTime() - order.createdAt.getTime()).toBe(DEFAULT_RESERVATION_TTL_SECONDS * 1000);
  });

  // A TTL read from a mistyped environment variable would otherwise give every order an Invalid Date.
  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, "300", undefined])(
    "refuses the reservation TTL %o at construction",
    (reservationTtlSeconds) => {
      expect(() =>
        createOrderService(createInMemoryPorts(), { reservationTtlSeconds: reservationTtlSeconds as never }),
      ).toThrow(InvalidInputError);
    },
  );
});
