import { describe, expect, it } from "vitest";
import { ForbiddenError, MAX_WAREHOUSE_PRIORITY, WarehouseNotFoundError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

describe("CreateWarehouse", () => {
  it("stores an active warehouse served after every existing one unless given a priority and status", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    shop.givenWarehouse({ priority: 7 });

    const last = await shop.service.createWarehouse.execute({ actor: admin, name: "Bandung" });
    const first = await shop.service.createWarehouse.execute({
      actor: admin,
      name: "Bali",
      priority: 0,
      status: "inactive",
    });

    expect(last).toEqual({ id: expect.any(Number), name: "Bandung", status: "active", priority: 8 });
    expect(first).toEqual({ id: expect.any(Number), name: "Bali", status: "inactive", priority: 0 });
    expect((await shop.service.listWarehouses.execute()).map((w) => w.name)).toEqual([
      "Bali",
      "Warehouse 1",
      "Bandung",
    ]);
  });

  it("starts the first warehouse at priority 0 and never passes the highest priority", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    expect((await shop.service.createWarehouse.execute({ actor: admin, name: "A" })).priority).toBe(0);
    await shop.service.createWarehouse.execute({ actor: admin, name: "B", priority: MAX_WAREHOUSE_PRIORITY });
    expect((await shop.service.createWarehouse.execute({ actor: admin, name: "C" })).priority).toBe(
      MAX_WAREHOUSE_PRIORITY,
    );
  });

  it.each([
    ["name", { name: "" }],
    ["name", { name: "  " }],
    ["name", { name: "x".repeat(201) }],
    ["name", { name: "new\nline" }],
    ["priority", { name: "A", priority: -1 }],
    ["priority", { name: "A", priority: MAX_WAREHOUSE_PRIORITY + 1 }],
    ["priority", { name: "A", priority: 1.5 }],
    ["status", { name: "A", status: "deactive" }],
  ])("refuses a bad %s as invalid_input", async (field, input) => {
    const shop = createTestShop();
    await expect(
      shop.service.createWarehouse.execute({ actor: await shop.givenAdmin(), ...input } as never),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field } });
    expect(await shop.service.listWarehouses.execute()).toEqual([]);
  });

  it("is for admins only", async () => {
    const shop = createTestShop();
    await expect(
      shop.service.createWarehouse.execute({ actor: await shop.givenCustomer(), name: "A" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("UpdateWarehouse", () => {
  it("renames and re-prioritises; the next checkout is served by the warehouse now first", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    const jakarta = shop.givenWarehouse({ name: "Jakarta", priority: 1 });
    const surabaya = shop.givenWarehouse({ name: "Surabaya", priority: 2 });
    const product = shop.givenProduct();
    await shop.givenStock(jakarta, product, 10);
    await shop.givenStock(surabaya, product, 10);
    const customer = await shop.givenCustomer();
    expect((await shop.givenOrder(customer, [{ product, quantity: 1 }])).lines[0]?.warehouseId).toBe(jakarta.id);

    const updated = await shop.service.updateWarehouse.execute({
      actor: admin,
      warehouseId: surabaya.id,
      name: "Surabaya Timur",
      priority: 0,
    });

    expect(updated).toEqual({ ...surabaya, name: "Surabaya Timur", priority: 0 });
    expect((await shop.givenOrder(customer, [{ product, quantity: 1 }])).lines[0]?.warehouseId).toBe(surabaya.id);
  });

  it("answers warehouse_not_found, refuses an empty change and customers", async () => {
    const shop = createTestShop();
    const admin = await shop.givenAdmin();
    const w = shop.givenWarehouse();
    await expect(
      shop.service.updateWarehouse.execute({ actor: admin, warehouseId: w.id + 1, name: "X" }),
    ).rejects.toBeInstanceOf(WarehouseNotFoundError);
    await expect(shop.service.updateWarehouse.execute({ actor: admin, warehouseId: w.id })).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "body" },
    });
    await expect(
      shop.service.updateWarehouse.execute({ actor: await shop.givenCustomer(), warehouseId: w.id, name: "X" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await shop.ports.warehouses.findById(w.id)).toEqual(w);
  });
});
