import { describe, expect, it } from "vitest";
import { ProductNotFoundError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

describe("GetProduct", () => {
  it("answers the available units to anyone, and the levels in every warehouse to an admin only", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const off = shop.givenWarehouse({ status: "inactive" });
    const product = shop.givenProduct();
    await shop.givenStock(w, product, 5);
    await shop.givenStock(off, product, 7);
    const customer = await shop.givenCustomer();
    await shop.givenOrder(customer, [{ product, quantity: 2 }]);

    const seenByCustomer = await shop.service.getProduct.execute({ actor: customer, productId: product.id });
    const seenByAdmin = await shop.service.getProduct.execute({
      actor: await shop.givenAdmin(),
      productId: product.id,
    });

    expect(seenByCustomer).toEqual({ ...product, available: 3, levels: null });
    expect(seenByAdmin).toEqual({ ...product, available: 3, levels: await shop.ports.catalog.levels({}) });
    expect(seenByAdmin.levels?.map((l) => [l.warehouseId, l.onHand, l.reserved, l.warehouseStatus])).toEqual([
      [w.id, 5, 2, "active"],
      [off.id, 7, 0, "inactive"],
    ]);
  });

  it("hides an archived product from customers (404) but not from admins", async () => {
    const shop = createTestShop();
    const archived = shop.givenProduct({ status: "archived" });
    await expect(
      shop.service.getProduct.execute({ actor: await shop.givenCustomer(), productId: archived.id }),
    ).rejects.toBeInstanceOf(ProductNotFoundError);
    const admin = await shop.givenAdmin();
    expect(await shop.service.getProduct.execute({ actor: admin, productId: archived.id })).toMatchObject({
      status: "archived",
    });
  });

  it("answers product_not_found for an unknown id and invalid_input for a bad one", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    await expect(shop.service.getProduct.execute({ actor: admin, productId: 42 })).rejects.toBeInstanceOf(
      ProductNotFoundError,
    );
    await expect(shop.service.getProduct.execute({ actor: admin, productId: -1 })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
