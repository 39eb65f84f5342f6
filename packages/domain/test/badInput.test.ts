import { describe, expect, it } from "vitest";
import {
  DomainError,
  InvalidInputError,
  MAX_ORDER_LINES,
  OrderNotFoundError,
  ProductNotFoundError,
  WarehouseNotFoundError,
} from "../src/index.js";
import { createTestShop, type TestShop } from "./support/createTestShop.js";

// Values a JSON body or a careless caller can put where the types say "positive integer".
const BAD_QUANTITIES: unknown[] = [
  0,
  -1,
  1.5,
  2 ** 53,
  1_000_001,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  "2",
  "",
  null,
  undefined,
  true,
  {},
  [],
  10n,
];
const BAD_IDS: unknown[] = [0, -1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, "1", "abc", null, true, {}, 1n];

async function givenShop() {
  const shop = createTestShop();
  const w = shop.givenWarehouse();
  const p = shop.givenProduct();
  await shop.givenStock(w, p, 2_000_000);
  const customer = await shop.givenCustomer();
  const admin = await shop.givenAdmin();
  return { shop, w, p, customer, admin };
}

/** Rejects with InvalidInputError, a typed domain error, never a TypeError or RangeError. */
async function expectInvalidInput(promise: Promise<unknown>) {
  const error = await promise.then(
    () => "resolved",
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toBeInstanceOf(InvalidInputError);
}

async function expectUntouched(shop: TestShop) {
  expect(await shop.allOrders()).toEqual([]);
  for (const level of await shop.levels()) expect(level.reserved).toBe(0);
}

describe("bad input reaches the domain only as typed errors", () => {
  describe("PlaceOrder", () => {
    it.each(BAD_QUANTITIES)("rejects the quantity %o", async (quantity) => {
      const { shop, p, customer } = await givenShop();

      await expectInvalidInput(
        shop.service.placeOrder.execute({ actor: customer, items: [{ productId: p.id, quantity: quantity as never }] }),
      );
      await expectUntouched(shop);
    });

    it.each(BAD_IDS)("rejects the product id %o", async (productId) => {
      const { shop, customer } = await givenShop();

      await expectInvalidInput(
        shop.service.placeOrder.execute({ actor: customer, items: [{ productId: productId as never, quantity: 1 }] }),
      );
      await expectUntouched(shop);
    });

    it.each(BAD_IDS.filter((id) => id !== undefined))("rejects the warehouse id %o", async (warehouseId) => {
      const { shop, p, customer } = await givenShop();

      await expectInvalidInput(
        shop.service.placeOrder.execute({
          actor: customer,
          items: [{ productId: p.id, quantity: 1 }],
          warehouseId: warehouseId as never,
        }),
      );
      await expectUntouched(shop);
    });

    it.each([[], null, undefined, "items", {}, 3, [null], [undefined], ["x"], [{}], [{ productId: 1 }]])(
      "rejects the item list %o",
      async (items) => {
        const { shop, customer } = await givenShop();

        await expectInvalidInput(shop.service.placeOrder.execute({ actor: customer, items: items as never }));
        await expectUntouched(shop);
      },
    );

    it("rejects a good line next to a bad one, reserving nothing", async () => {
      const { shop, p, customer } = await givenShop();
      const other = shop.givenProduct();

      await expectInvalidInput(
        shop.service.placeOrder.execute({
          actor: customer,
          items: [
            { productId: p.id, quantity: 1 },
            { productId: other.id, quantity: 0 },
          ],
        }),
      );
      await expectUntouched(shop);
    });

    it(`accepts ${MAX_ORDER_LINES} lines and rejects ${MAX_ORDER_LINES + 1}`, async () => {
      const { shop, w, customer } = await givenShop();
      const products = [];
      for (let i = 0; i <= MAX_ORDER_LINES; i++) {
        const product = shop.givenProduct();
        await shop.givenStock(w, product, 1);
        products.push(product);
      }
      const items = products.map((product) => ({ productId: product.id, quantity: 1 }));

      await expectInvalidInput(shop.service.placeOrder.execute({ actor: customer, items }));
      await expectUntouched(shop);
      const order = await shop.service.placeOrder.execute({ actor: customer, items: items.slice(0, MAX_ORDER_LINES) });
      expect(order.lines).toHaveLength(MAX_ORDER_LINES);
    });

    it("rejects duplicate lines whose merged quantity is above 1,000,000, though each line is fine", async () => {
      const { shop, p, customer } = await givenShop();

      await expectInvalidInput(
        shop.service.placeOrder.execute({
          actor: customer,
          items: [
            { productId: p.id, quantity: 1_000_000 },
            { productId: p.id, quantity: 1 },
          ],
        }),
      );
      await expectUntouched(shop);
    });

    it("rejects an order whose total leaves the safe-integer range of cents", async () => {
      const { shop, w, customer } = await givenShop();
      const pricey = shop.givenProduct({ priceCents: 2 ** 52 });
      await shop.givenStock(w, pricey, 3);

      await expectInvalidInput(
        shop.service.placeOrder.execute({ actor: customer, items: [{ productId: pricey.id, quantity: 3 }] }),
      );
      await expectUntouched(shop);
    });

    it("answers unknown product and warehouse ids with not-found errors", async () => {
      const { shop, p, customer } = await givenShop();

      await expect(
        shop.service.placeOrder.execute({ actor: customer, items: [{ productId: 2 ** 40, quantity: 1 }] }),
      ).rejects.toBeInstanceOf(ProductNotFoundError);
      await expect(
        shop.service.placeOrder.execute({
          actor: customer,
          items: [{ productId: p.id, quantity: 1 }],
          warehouseId: 2 ** 40,
        }),
      ).rejects.toBeInstanceOf(WarehouseNotFoundError);
      await expectUntouched(shop);
    });
  });

  describe("PayOrder and CancelOrder", () => {
    it.each(BAD_IDS)("reject the order id %o", async (orderId) => {
      const { shop, p, customer } = await givenShop();
      const order = await shop.givenOrder(customer, [{ product: p, quantity: 1 }]);

      await expectInvalidInput(shop.service.payOrder.execute({ actor: customer, orderId: orderId as never }));
      await expectInvalidInput(shop.service.cancelOrder.execute({ actor: customer, orderId: orderId as never }));
      expect((await shop.orderById(order.id))?.status).toBe("pending");
    });

    it("answer an unknown order id with order_not_found", async () => {
      const { shop, customer, admin } = await givenShop();

      await expect(shop.service.payOrder.execute({ actor: customer, orderId: 31337 })).rejects.toBeInstanceOf(
        OrderNotFoundError,
      );
      await expect(shop.service.cancelOrder.execute({ actor: admin, orderId: 31337 })).rejects.toBeInstanceOf(
        OrderNotFoundError,
      );
    });
  });

  describe("TransferStock", () => {
    it.each(BAD_QUANTITIES)("rejects the quantity %o", async (quantity) => {
      const { shop, w, p, admin } = await givenShop();
      const to = shop.givenWarehouse();

      await expectInvalidInput(
        shop.service.transferStock.execute({
          actor: admin,
          fromWarehouseId: w.id,
          toWarehouseId: to.id,
          productId: p.id,
          quantity: quantity as never,
        }),
      );
      expect(await shop.stockAt(w, p)).toEqual({ onHand: 2_000_000, reserved: 0 });
      expect(await shop.stockAt(to, p)).toEqual({ onHand: 0, reserved: 0 });
    });

    it.each(BAD_IDS)("rejects the id %o in any position", async (id) => {
      const { shop, w, p, admin } = await givenShop();
      const to = shop.givenWarehouse();
      const good = { actor: admin, fromWarehouseId: w.id, toWarehouseId: to.id, productId: p.id, quantity: 1 };

      for (const field of ["fromWarehouseId", "toWarehouseId", "productId"] as const) {
        await expectInvalidInput(shop.service.transferStock.execute({ ...good, [field]: id as never }));
      }
      expect(await shop.stockAt(w, p)).toEqual({ onHand: 2_000_000, reserved: 0 });
    });
  });

  describe("SetWarehouseStatus and GetWarehouseStock", () => {
    it.each(BAD_IDS)("reject the warehouse id %o", async (warehouseId) => {
      const { shop, admin } = await givenShop();

      await expectInvalidInput(
        shop.service.setWarehouseStatus.execute({
          actor: admin,
          warehouseId: warehouseId as never,
          status: "inactive",
        }),
      );
      await expectInvalidInput(
        shop.service.getWarehouseStock.execute({ actor: admin, warehouseId: warehouseId as never }),
      );
    });
  });

  describe("ExpireReservation", () => {
    it.each(BAD_IDS)("rejects the order id %o", async (orderId) => {
      const { shop } = await givenShop();

      await expectInvalidInput(shop.service.expireReservation.execute({ orderId: orderId as never }));
    });
  });
});
