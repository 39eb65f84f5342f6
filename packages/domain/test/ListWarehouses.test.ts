import { describe, expect, it } from "vitest";
import { createTestShop } from "./support/createTestShop.js";

describe("ListWarehouses", () => {
  it("lists every warehouse with its status, in the order checkout prefers them", async () => {
    const shop = createTestShop();
    const late = shop.givenWarehouse({ name: "Late", priority: 30 });
    const closed = shop.givenWarehouse({ name: "Closed", priority: 10, status: "inactive" });
    const tieA = shop.givenWarehouse({ name: "Tie A", priority: 20 });
    const tieB = shop.givenWarehouse({ name: "Tie B", priority: 20 });

    const warehouses = await shop.service.listWarehouses.execute();

    expect(warehouses).toEqual([closed, tieA, tieB, late]);
    expect(warehouses.map((w) => w.status)).toEqual(["inactive", "active", "active", "active"]);
  });

  it("answers an empty list when there are no warehouses", async () => {
    await expect(createTestShop().service.listWarehouses.execute()).resolves.toEqual([]);
  });
});
