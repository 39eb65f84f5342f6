import { describe, expect, it } from "vitest";
import { ForbiddenError, InvalidInputError, WarehouseNotFoundError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

describe("GetWarehouseStock", () => {
  it("shows an admin one warehouse's on_hand and reserved per product", async () => {
    const shop = createTestShop();
    const w1 = shop.givenWarehouse();
    const w2 = shop.givenWarehouse({ status: "inactive" });
    const a = shop.givenProduct();
    const b = shop.givenProduct();
    await shop.givenStock(w1, a, 5);
    await shop.givenStock(w1, b, 8);
    await shop.givenStock(w2, a, 9);
    await shop.givenOrder(await shop.givenCustomer(), [{ product: b, quantity: 3 }]);

    const stock = await shop.service.getWarehouseStock.execute({ actor: await shop.givenAdmin(), warehouseId: w1.id });

    expect(stock.warehouse).toEqual(w1);
    expect(stock.levels).toEqual([
      {
        warehouseId: w1.id,
        productId: a.id,
        warehouseStatus: "active",
        warehousePriority: w1.priority,
        onHand: 5,
        reserved: 0,
      },
      {
        warehouseId: w1.id,
        productId: b.id,
        warehouseStatus: "active",
        warehousePriority: w1.priority,
        onHand: 8,
        reserved: 3,
      },
    ]);
    const inactive = await shop.service.getWarehouseStock.execute({
      actor: await shop.givenAdmin(),
      warehouseId: w2.id,
    });
    expect(inactive.levels).toEqual([
      {
        warehouseId: w2.id,
        productId: a.id,
        warehouseStatus: "inactive",
        warehousePriority: w2.priority,
        onHand: 9,
        reserved: 0,
      },
    ]);
  });

  it("is admin only", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();

    await expect(
      shop.service.getWarehouseStock.execute({ actor: await shop.givenCustomer(), warehouseId: w.id }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("fails with warehouse_not_found for an unknown warehouse", async () => {
    const shop = createTestShop();

    await expect(
      shop.service.getWarehouseStock.execute({ actor: await shop.givenAdmin(), warehouseId: 12 }),
    ).rejects.toBeInstanceOf(WarehouseNotFoundError);
  });

  it.each([0, -1, 1.5, "1"])("rejects the warehouse id %o as invalid_input", async (warehouseId) => {
    const shop = createTestShop();
    shop.givenWarehouse();

    await expect(
      shop.service.getWarehouseStock.execute({ actor: await shop.givenAdmin(), warehouseId: warehouseId as never }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});
