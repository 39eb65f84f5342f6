import { describe, expect, it } from "vitest";
import {
  ForbiddenError,
  InsufficientStockError,
  InvalidInputError,
  ProductNotFoundError,
  WarehouseInactiveError,
  WarehouseNotFoundError,
} from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

async function givenTwoWarehouses() {
  const shop = createTestShop();
  const from = shop.givenWarehouse();
  const to = shop.givenWarehouse();
  const p = shop.givenProduct();
  await shop.givenStock(from, p, 10);
  await shop.givenStock(to, p, 1);
  const admin = await shop.givenAdmin();
  return { shop, from, to, p, admin };
}

describe("TransferStock", () => {
  it("moves units between two active warehouses with one ledger row per side under one transfer id", async () => {
    const { shop, from, to, p, admin } = await givenTwoWarehouses();

    const transfer = await shop.service.transferStock.execute({
      actor: admin,
      fromWarehouseId: from.id,
      toWarehouseId: to.id,
      productId: p.id,
      quantity: 4,
    });

    expect(transfer).toMatchObject({ fromWarehouseId: from.id, toWarehouseId: to.id, productId: p.id, quantity: 4 });
    expect(await shop.stockAt(from, p)).toEqual({ onHand: 6, reserved: 0 });
    expect(await shop.stockAt(to, p)).toEqual({ onHand: 5, reserved: 0 });
    const rows = (await shop.ports.stock.movements({})).filter((m) => m.transferId !== null);
    expect(rows.map((m) => [m.kind, m.warehouseId, m.onHandDelta, m.reservedDelta, m.transferId])).toEqual([
      ["transfer_out", from.id, -4, 0, transfer.transferId],
      ["transfer_in", to.id, 4, 0, transfer.transferId],
    ]);
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("gives each transfer its own id", async () => {
    const { shop, from, to, p, admin } = await givenTwoWarehouses();
    const input = { actor: admin, fromWarehouseId: from.id, toWarehouseId: to.id, productId: p.id, quantity: 1 };

    const first = await shop.service.transferStock.execute(input);
    const second = await shop.service.transferStock.execute(input);

    expect(first.transferId).not.toBe(second.transferId);
  });

  it("moves only available units: reserved ones stay put", async () => {
    const { shop, from, to, p, admin } = await givenTwoWarehouses();
    await shop.givenOrder(await shop.givenCustomer(), [{ product: p, quantity: 7 }], from);
    const input = { actor: admin, fromWarehouseId: from.id, toWarehouseId: to.id, productId: p.id };

    const tooMuch = shop.service.transferStock.execute({ ...input, quantity: 4 });

    // 4 <= on_hand (10) but > available (3).
    await expect(tooMuch).rejects.toBeInstanceOf(InsufficientStockError);
    await expect(tooMuch).rejects.toMatchObject({
      code: "insufficient_stock",
      details: { product_id: p.id, requested: 4, available: 3, warehouse_id: from.id },
    });
    expect(await shop.stockAt(from, p)).toEqual({ onHand: 10, reserved: 7 });

    await shop.service.transferStock.execute({ ...input, quantity: 3 });
    expect(await shop.stockAt(from, p)).toEqual({ onHand: 7, reserved: 7 });
    expect(await shop.stockAt(to, p)).toEqual({ onHand: 4, reserved: 0 });
  });

  it("is admin only: a customer gets forbidden and nothing moves", async () => {
    const { shop, from, to, p } = await givenTwoWarehouses();

    const transferring = shop.service.transferStock.execute({
      actor: await shop.givenCustomer(),
      fromWarehouseId: from.id,
      toWarehouseId: to.id,
      productId: p.id,
      quantity: 1,
    });

    await expect(transferring).rejects.toBeInstanceOf(ForbiddenError);
    await expect(transferring).rejects.toMatchObject({ code: "forbidden" });
    expect(await shop.stockAt(from, p)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("refuses to transfer from a warehouse to itself", async () => {
    const { shop, from, p, admin } = await givenTwoWarehouses();

    await expect(
      shop.service.transferStock.execute({
        actor: admin,
        fromWarehouseId: from.id,
        toWarehouseId: from.id,
        productId: p.id,
        quantity: 1,
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(await shop.stockAt(from, p)).toEqual({ onHand: 10, reserved: 0 });
  });

  it.each(["from", "to"] as const)(
    "fails with warehouse_not_found when the %s warehouse does not exist",
    async (side) => {
      const { shop, from, to, p, admin } = await givenTwoWarehouses();

      const transferring = shop.service.transferStock.execute({
        actor: admin,
        fromWarehouseId: side === "from" ? 99 : from.id,
        toWarehouseId: side === "to" ? 99 : to.id,
        productId: p.id,
        quantity: 1,
      });

      await expect(transferring).rejects.toBeInstanceOf(WarehouseNotFoundError);
      await expect(transferring).rejects.toMatchObject({ details: { warehouse_id: 99 } });
      expect(await shop.stockAt(from, p)).toEqual({ onHand: 10, reserved: 0 });
      expect(await shop.stockAt(to, p)).toEqual({ onHand: 1, reserved: 0 });
    },
  );

  it.each(["from", "to"] as const)("fails with warehouse_inactive when the %s warehouse is inactive", async (side) => {
    const { shop, from, to, p, admin } = await givenTwoWarehouses();
    const inactive = side === "from" ? from : to;
    await shop.service.setWarehouseStatus.execute({ actor: admin, warehouseId: inactive.id, status: "inactive" });

    const transferring = shop.service.transferStock.execute({
      actor: admin,
      fromWarehouseId: from.id,
      toWarehouseId: to.id,
      productId: p.id,
      quantity: 1,
    });

    await expect(transferring).rejects.toBeInstanceOf(WarehouseInactiveError);
    await expect(transferring).rejects.toMatchObject({ details: { warehouse_id: inactive.id } });
    expect(await shop.stockAt(from, p)).toEqual({ onHand: 10, reserved: 0 });
    expect(await shop.stockAt(to, p)).toEqual({ onHand: 1, reserved: 0 });
  });

  it("fails with product_not_found for an unknown product", async () => {
    const { shop, from, to, admin } = await givenTwoWarehouses();

    await expect(
      shop.service.transferStock.execute({
        actor: admin,
        fromWarehouseId: from.id,
        toWarehouseId: to.id,
        productId: 555,
        quantity: 1,
      }),
    ).rejects.toBeInstanceOf(ProductNotFoundError);
  });
});
