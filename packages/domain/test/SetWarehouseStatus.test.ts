import { describe, expect, it } from "vitest";
import { ForbiddenError, InvalidInputError, WarehouseNotFoundError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

async function givenStockedWarehouse() {
  const shop = createTestShop();
  const w = shop.givenWarehouse();
  const p = shop.givenProduct();
  await shop.givenStock(w, p, 10);
  return { shop, w, p, admin: await shop.givenAdmin() };
}

describe("SetWarehouseStatus", () => {
  it("lets an admin deactivate a warehouse, whose stock then stops counting as available", async () => {
    const { shop, w, p, admin } = await givenStockedWarehouse();

    const updated = await shop.service.setWarehouseStatus.execute({
      actor: admin,
      warehouseId: w.id,
      status: "inactive",
    });

    expect(updated).toEqual({ ...w, status: "inactive" });
    expect(await shop.service.listWarehouses.execute()).toEqual([{ ...w, status: "inactive" }]);
    expect((await shop.service.listProducts.execute())[0]?.available).toBe(0);
    await expect(shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 1 }])).rejects.toMatchObject({
      code: "insufficient_stock",
      available: 0,
    });
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("keeps existing reservations in a deactivated warehouse payable", async () => {
    const { shop, w, p, admin } = await givenStockedWarehouse();
    const customer = await shop.givenCustomer();
    const order = await shop.givenOrder(customer, [{ product: p, quantity: 4 }]);

    await shop.service.setWarehouseStatus.execute({ actor: admin, warehouseId: w.id, status: "inactive" });
    const paid = await shop.service.payOrder.execute({ actor: customer, orderId: order.id });

    expect(paid.status).toBe("paid");
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 6, reserved: 0 });
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("releases reservations in a deactivated warehouse on cancel and on expiry", async () => {
    const { shop, w, p, admin } = await givenStockedWarehouse();
    const customer = await shop.givenCustomer();
    const cancelled = await shop.givenOrder(customer, [{ product: p, quantity: 2 }]);
    const expiring = await shop.givenOrder(customer, [{ product: p, quantity: 3 }]);
    await shop.service.setWarehouseStatus.execute({ actor: admin, warehouseId: w.id, status: "inactive" });

    await shop.service.cancelOrder.execute({ actor: customer, orderId: cancelled.id });
    shop.clock.advanceSeconds(3600);
    await shop.service.expireReservation.execute({ orderId: expiring.id });

    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("is admin only: a customer gets forbidden and the status stays", async () => {
    const { shop, w } = await givenStockedWarehouse();

    await expect(
      shop.service.setWarehouseStatus.execute({
        actor: await shop.givenCustomer(),
        warehouseId: w.id,
        status: "inactive",
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await shop.ports.warehouses.findById(w.id))?.status).toBe("active");
  });

  it("fails with warehouse_not_found for an unknown warehouse", async () => {
    const { shop, admin } = await givenStockedWarehouse();

    await expect(
      shop.service.setWarehouseStatus.execute({ actor: admin, warehouseId: 404, status: "inactive" }),
    ).rejects.toBeInstanceOf(WarehouseNotFoundError);
  });

  it.each(["closed", "", null, 1])("rejects the status %o as invalid_input", async (status) => {
    const { shop, w, admin } = await givenStockedWarehouse();

    await expect(
      shop.service.setWarehouseStatus.execute({ actor: admin, warehouseId: w.id, status: status as never }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect((await shop.ports.warehouses.findById(w.id))?.status).toBe("active");
  });
});
