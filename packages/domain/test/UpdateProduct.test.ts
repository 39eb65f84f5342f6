import { describe, expect, it } from "vitest";
import { ForbiddenError, ProductNotFoundError, VersionMismatchError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

async function givenCatalog() {
  const shop = createTestShop();
  const admin = await shop.givenAdmin();
  const product = shop.givenProduct({ sku: "P-1", name: "Pen", priceCents: 250 });
  return { shop, admin, product };
}

describe("UpdateProduct", () => {
  it("sets the fields given, keeps the others and adds 1 to the version on every change", async () => {
    const { shop, admin, product } = await givenCatalog();

    const renamed = await shop.service.updateProduct.execute({ actor: admin, productId: product.id, name: "Ballpen" });
    const repriced = await shop.service.updateProduct.execute({
      actor: admin,
      productId: product.id,
      priceCents: 300,
      lowStockThreshold: 4,
    });
    const archived = await shop.service.updateProduct.execute({
      actor: admin,
      productId: product.id,
      status: "archived",
    });

    expect(renamed).toEqual({ ...product, name: "Ballpen", version: 2 });
    expect(repriced).toEqual({ ...product, name: "Ballpen", priceCents: 300, lowStockThreshold: 4, version: 3 });
    expect(archived).toEqual({ ...repriced, status: "archived", version: 4 });
    expect(await shop.ports.products.findByIds([product.id])).toEqual([archived]);
  });

  it("with ifVersion changes only the version named; a stale one is version_mismatch and writes nothing", async () => {
    const { shop, admin, product } = await givenCatalog();

    const first = await shop.service.updateProduct.execute({
      actor: admin,
      productId: product.id,
      name: "First",
      ifVersion: [1],
    });
    const stale = shop.service.updateProduct.execute({
      actor: admin,
      productId: product.id,
      name: "Second",
      ifVersion: [1],
    });

    expect(first.version).toBe(2);
    await expect(stale).rejects.toBeInstanceOf(VersionMismatchError);
    expect(await shop.ports.products.findByIds([product.id])).toEqual([first]);
    const listed = await shop.service.updateProduct.execute({
      actor: admin,
      productId: product.id,
      name: "Third",
      ifVersion: [1, 2],
    });
    expect(listed).toMatchObject({ name: "Third", version: 3 });
  });

  it("of two racing changes from the same version, exactly one wins", async () => {
    const { shop, admin, product } = await givenCatalog();
    const change = (name: string) =>
      shop.service.updateProduct.execute({ actor: admin, productId: product.id, name, ifVersion: [1] });

    const results = await Promise.allSettled([change("a"), change("b")]);

    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await shop.ports.products.findByIds([product.id]))[0]?.version).toBe(2);
  });

  it("a new price applies to later orders only: an existing order keeps its unit price and total", async () => {
    const { shop, admin, product } = await givenCatalog();
    const w = shop.givenWarehouse();
    await shop.givenStock(w, product, 10);
    const customer = await shop.givenCustomer();
    const before = await shop.givenOrder(customer, [{ product, quantity: 2 }]);

    await shop.service.updateProduct.execute({ actor: admin, productId: product.id, priceCents: 999 });
    const after = await shop.givenOrder(customer, [{ product, quantity: 2 }]);

    expect(await shop.orderById(before.id)).toMatchObject({ totalCents: 500, lines: [{ unitPriceCents: 250 }] });
    expect(after).toMatchObject({ totalCents: 1998, lines: [{ unitPriceCents: 999 }] });
  });

  it("answers product_not_found for an unknown id and forbids customers", async () => {
    const { shop, admin, product } = await givenCatalog();
    await expect(
      shop.service.updateProduct.execute({ actor: admin, productId: product.id + 100, name: "X" }),
    ).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(
      shop.service.updateProduct.execute({ actor: await shop.givenCustomer(), productId: product.id, name: "X" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it.each([
    ["body", {}],
    ["product_id", { productId: 0, name: "X" }],
    ["name", { name: "" }],
    ["price_cents", { priceCents: -5 }],
    ["status", { status: "deleted" }],
    ["low_stock_threshold", { lowStockThreshold: -1 }],
    ["If-Match", { name: "X", ifVersion: [0] }],
    ["If-Match", { name: "X", ifVersion: [2 ** 31] }],
  ])("refuses a bad %s as invalid_input and writes nothing", async (field, bad) => {
    const { shop, admin, product } = await givenCatalog();
    await expect(
      shop.service.updateProduct.execute({ actor: admin, productId: product.id, ...bad } as never),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field } });
    expect(await shop.ports.products.findByIds([product.id])).toEqual([product]);
  });
});
