import { describe, expect, it } from "vitest";
import { ForbiddenError, MAX_PRICE_CENTS, SkuTakenError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

describe("CreateProduct", () => {
  it("stores an active product at version 1 that lists with nothing available", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();

    const product = await shop.service.createProduct.execute({
      actor: admin,
      sku: "KB-1",
      name: "Keyboard",
      priceCents: 750_000,
      lowStockThreshold: 5,
    });

    expect(product).toEqual({
      id: expect.any(Number),
      sku: "KB-1",
      name: "Keyboard",
      priceCents: 750_000,
      status: "active",
      lowStockThreshold: 5,
      version: 1,
    });
    expect(await shop.service.listProducts.execute()).toEqual([{ ...product, available: 0 }]);
  });

  it("defaults the low-stock threshold to 0", async () => {
    const shop = createTestShop();
    const product = await shop.service.createProduct.execute({
      actor: await shop.givenAdmin(),
      sku: "A",
      name: "A",
      priceCents: 0,
    });
    expect(product.lowStockThreshold).toBe(0);
  });

  it("refuses a taken SKU with sku_taken and writes nothing", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    const first = await shop.service.createProduct.execute({ actor: admin, sku: "DUP", name: "One", priceCents: 1 });

    const second = shop.service.createProduct.execute({ actor: admin, sku: "DUP", name: "Two", priceCents: 2 });

    await expect(second).rejects.toBeInstanceOf(SkuTakenError);
    await expect(second).rejects.toMatchObject({ details: { sku: "DUP" } });
    expect(await shop.service.listProducts.execute()).toEqual([{ ...first, available: 0 }]);
  });

  it("of two racing creates of one SKU, one wins and one is sku_taken", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    const create = (name: string) =>
      shop.service.createProduct.execute({ actor: admin, sku: "RACE", name, priceCents: 1 });

    const results = await Promise.allSettled([create("a"), create("b")]);

    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(results.find((r) => r.status === "rejected")?.reason).toBeInstanceOf(SkuTakenError);
    expect(await shop.service.listProducts.execute()).toHaveLength(1);
  });

  it("is for admins only", async () => {
    const shop = createTestShop();
    const attempt = shop.service.createProduct.execute({
      actor: await shop.givenCustomer(),
      sku: "X",
      name: "X",
      priceCents: 1,
    });
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
  });

  it.each([
    ["sku", { sku: "" }],
    ["sku", { sku: "x".repeat(65) }],
    ["sku", { sku: " padded" }],
    ["sku", { sku: "tab\there" }],
    ["sku", { sku: 7 }],
    ["name", { name: "   " }],
    ["name", { name: "n".repeat(201) }],
    ["name", { name: null }],
    ["price_cents", { priceCents: -1 }],
    ["price_cents", { priceCents: 1.5 }],
    ["price_cents", { priceCents: MAX_PRICE_CENTS + 1 }],
    ["price_cents", { priceCents: "100" }],
    ["low_stock_threshold", { lowStockThreshold: -1 }],
    ["low_stock_threshold", { lowStockThreshold: 2 ** 31 }],
    ["low_stock_threshold", { lowStockThreshold: 0.5 }],
  ])("refuses a bad %s as invalid_input naming it", async (field, bad) => {
    const shop = createTestShop();
    const input = { actor: await shop.givenAdmin(), sku: "OK", name: "OK", priceCents: 1, ...bad };
    await expect(shop.service.createProduct.execute(input as never)).rejects.toMatchObject({
      code: "invalid_input",
      details: { field },
    });
    expect(await shop.service.listProducts.execute()).toEqual([]);
  });
});
