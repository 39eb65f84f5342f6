import { describe, expect, it } from "vitest";
import { InvalidInputError, OrderNotFoundError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

async function givenOrderOfACustomer() {
  const shop = createTestShop();
  const w = shop.givenWarehouse();
  const p = shop.givenProduct();
  await shop.givenStock(w, p, 10);
  const owner = await shop.givenCustomer();
  const order = await shop.givenOrder(owner, [{ product: p, quantity: 1 }]);
  return { shop, owner, order };
}

describe("GetOrder", () => {
  it("shows the owner their order", async () => {
    const { shop, owner, order } = await givenOrderOfACustomer();

    await expect(shop.service.getOrder.execute({ actor: owner, orderId: order.id })).resolves.toEqual(order);
  });

  it("shows an admin anyone's order", async () => {
    const { shop, order } = await givenOrderOfACustomer();

    await expect(shop.service.getOrder.execute({ actor: await shop.givenAdmin(), orderId: order.id })).resolves.toEqual(
      order,
    );
  });

  it("answers order_not_found to another customer, exactly as for a missing order", async () => {
    const { shop, order } = await givenOrderOfACustomer();
    const stranger = await shop.givenCustomer();

    await expect(shop.service.getOrder.execute({ actor: stranger, orderId: order.id })).rejects.toBeInstanceOf(
      OrderNotFoundError,
    );
    await expect(shop.service.getOrder.execute({ actor: stranger, orderId: 999 })).rejects.toBeInstanceOf(
      OrderNotFoundError,
    );
  });

  it.each([0, -1, 1.5, "1", Number.NaN])("rejects the order id %o as invalid_input", async (orderId) => {
    const { shop, owner } = await givenOrderOfACustomer();

    await expect(shop.service.getOrder.execute({ actor: owner, orderId: orderId as never })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });
});
