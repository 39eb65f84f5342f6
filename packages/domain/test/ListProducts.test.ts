import { describe, expect, it } from "vitest";
import { ForbiddenError, InvalidInputError } from "../src/index.js";
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
      { ...pen, available: 6 },
      { ...ink, available: 0 },
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

  it("finds products whose SKU or name holds the text, ignoring case, with % _ and \\ matching themselves", async () => {
    const shop = createTestShop();
    const keyboard = shop.givenProduct({ sku: "KB-100", name: "Mechanical Keyboard" });
    const discount = shop.givenProduct({ sku: "SALE_50%", name: "Half price mouse" });
    const path = shop.givenProduct({ sku: "PATH-1", name: "C:\\cable" });
    shop.givenProduct({ sku: "SALEX50", name: "Plain" });
    const ids = async (q: string) => (await shop.service.listProducts.execute({ q })).map((p) => p.id);

    expect(await ids("keyb")).toEqual([keyboard.id]);
    expect(await ids("kb-1")).toEqual([keyboard.id]);
    expect(await ids("_50%")).toEqual([discount.id]);
    expect(await ids("%")).toEqual([discount.id]);
    expect(await ids("\\")).toEqual([path.id]);
    expect(await ids("nothing like it")).toEqual([]);
  });

  it("in_stock keeps products with units available in an active warehouse, paging over what is kept", async () => {
    const shop = createTestShop();
    const w = shop.givenWarehouse();
    const off = shop.givenWarehouse({ status: "inactive" });
    const reservedAway = shop.givenProduct();
    const onlyInactive = shop.givenProduct();
    const a = shop.givenProduct();
    shop.givenProduct();
    const b = shop.givenProduct();
    await shop.givenStock(w, reservedAway, 1);
    await shop.givenOrder(await shop.givenCustomer(), [{ product: reservedAway, quantity: 1 }]);
    await shop.givenStock(off, onlyInactive, 9);
    await shop.givenStock(w, a, 2);
    await shop.givenStock(w, b, 2);

    const first = await shop.service.listProducts.execute({ inStock: true, limit: 1 });
    expect(first.map((p) => p.id)).toEqual([a.id]);
    const next = await shop.service.listProducts.execute({ inStock: true, limit: 1, afterId: a.id });
    expect(next.map((p) => p.id)).toEqual([b.id]);
    expect((await shop.service.listProducts.execute({ inStock: false })).length).toBe(5);
  });

  it("shows archived products to admins who ask for them, never to customers", async () => {
    const shop = createTestShop();
    const active = shop.givenProduct();
    const archived = shop.givenProduct({ status: "archived" });
    const admin = await shop.givenAdmin();
    const customer = await shop.givenCustomer();
    const ids = async (input: Parameters<typeof shop.service.listProducts.execute>[0]) =>
      (await shop.service.listProducts.execute(input)).map((p) => p.id);

    expect(await ids({})).toEqual([active.id]);
    expect(await ids({ actor: customer })).toEqual([active.id]);
    expect(await ids({ actor: customer, status: "active" })).toEqual([active.id]);
    expect(await ids({ actor: admin })).toEqual([active.id]);
    expect(await ids({ actor: admin, status: "archived" })).toEqual([archived.id]);
    expect(await ids({ actor: admin, status: "all" })).toEqual([active.id, archived.id]);
    for (const status of ["archived", "all"] as const) {
      await expect(shop.service.listProducts.execute({ actor: customer, status })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(shop.service.listProducts.execute({ status })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it.each([
    ["q", { q: "" }],
    ["q", { q: "x".repeat(201) }],
    ["q", { q: 5 }],
    ["in_stock", { inStock: "yes" }],
    ["status", { status: "gone" }],
  ])("rejects a bad %s as invalid_input", async (field, input) => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    await expect(shop.service.listProducts.execute({ actor: admin, ...(input as object) })).rejects.toMatchObject({
      code: "invalid_input",
      details: { field },
    });
  });
});
