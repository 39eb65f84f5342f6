import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

describe("ListProducts", () => {
  it("answers each product with its available units summed over active warehouses only", async () => {
    const shop = createTestShop();
    const w1 = shop.givenWarehouse();
    const w2 = shop.givenWarehouse();
    const closed = shop.givenWarehouse({ status: "inactive" });
    const pen = shop.givenProduct({ sku: "PEN", name: "Pen", priceCents: 250 });
    const ink = shop.givenProduct({ sku: "INK", name: "Ink", priceCents: 99 });
    await shop.givenStock(w1, pen, 5);
    await shop.givenStock(w2, pen, 3);
    await shop.givenStock(closed, pen, 100);
    await shop.givenOrder(await shop.givenCustomer(), [{ product: pen, quantity: 2 }], w1);

    const products = await shop.service.listProducts.execute();

    // 5 - 2 reserved in w1, + 3 in w2; the inactive warehouse's 100 do not count.
    expect(products).toEqual([
      { id: pen.id, sku: "PEN", name: "Pen", priceCents: 250, available: 6 },
      { id: ink.id, sku: "INK", name: "Ink", priceCents: 99, available: 0 },
    ]);
  });

  it("counts a warehouse's stock again once it is reactivated", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse({ status: "inactive" });
    const p = shop.givenProduct();
    await shop.givenStock(w, p, 7);
    expect((await shop.service.listProducts.execute())[0]?.available).toBe(0);

    await shop.service.setWarehouseStatus.execute({
      actor: await shop.givenAdmin(),
      warehouseId: w.id,
      status: "active",
    });

    expect((await shop.service.listProducts.execute())[0]?.available).toBe(7);
  });

  it("pages by id with limit and afterId", async () => {
    const shop = createTestShop();
    const [a, b, c] = [shop.givenProduct(), shop.givenProduct(), shop.givenProduct()];

    const first = await shop.service.listProducts.execute({ limit: 2 });
    const next = await shop.service.listProducts.execute({ limit: 2, afterId: b.id });

    expect(first.map((p) => p.id)).toEqual([a.id, b.id]);
    expect(next.map((p) => p.id)).toEqual([c.id]);
    expect(await shop.service.listProducts.execute({ afterId: c.id })).toEqual([]);
  });

  it.each([
    { limit: 0 },
    { limit: -1 },
    { limit: 1.5 },
    { limit: 501 },
    { limit: "2" },
    { afterId: 0 },
    { afterId: "x" },
  ])("rejects the page %o as invalid_input", async (page) => {
    const shop = createTestShop();
    shop.givenProduct();

    await expect(shop.service.listProducts.execute(page as never)).rejects.toBeInstanceOf(InvalidInputError);
  });
});
