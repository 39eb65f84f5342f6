// What every Catalog adapter must do: products with their stock levels, and levels alone, in one read each.
import type { Page, ProductQuery } from "@orders/domain";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";
import { givenProducts, withoutLevels } from "./givenProducts.js";
import { stockFixture } from "./stockFixture.js";

export function catalogContract(makeTarget: MakeTarget): void {
  describe("Catalog contract", () => {
    let t: ContractTarget;
    beforeEach(async () => {
      t = await makeTarget();
    });

    it("lists products by id, a page at a time", async () => {
      const all = await givenProducts(t, 5);
      const list = async (page: Page) => (await t.ports.catalog.listWithStock(page)).map(withoutLevels);
      expect(await list({ limit: 2 })).toEqual(all.slice(0, 2));
      expect(await list({ limit: 2, afterId: all[1]?.id ?? 0 })).toEqual(all.slice(2, 4));
      expect(await list({ limit: 10, afterId: all[4]?.id ?? 0 })).toEqual([]);
    });

    it("answers products with their stock levels in every warehouse holding them, found by id or a page at a time", async () => {
      const [a, b, c] = await givenProducts(t, 3);
      const w1 = await t.given.warehouse({ name: "W1", priority: 5 });
      const off = await t.given.warehouse({ name: "Off", status: "inactive", priority: 1 });
      const aId = a?.id ?? 0;
      const bId = b?.id ?? 0;
      await t.ports.stock.adjust(off.id, aId, 7);
      await t.ports.stock.adjust(w1.id, aId, 4);
      await t.ports.stock.adjust(w1.id, bId, 2);
      const level = (w: typeof w1, productId: number, onHand: number) => ({
        warehouseId: w.id,
        productId,
        warehouseStatus: w.status,
        warehousePriority: w.priority,
        onHand,
        reserved: 0,
      });
      const aWithStock = { ...a, levels: [level(w1, aId, 4), level(off, aId, 7)] };
      const bWithStock = { ...b, levels: [level(w1, bId, 2)] };
      const cWithStock = { ...c, levels: [] };

      expect(await t.ports.catalog.listWithStock({ limit: 2 })).toEqual([aWithStock, bWithStock]);
      expect(await t.ports.catalog.listWithStock({ limit: 5, afterId: bId })).toEqual([cWithStock]);
      const found = await t.ports.catalog.findWithStock([c?.id ?? 0, 999, aId]);
      expect(found.sort((x, y) => x.id - y.id)).toEqual([aWithStock, cWithStock]);
      expect(await t.ports.catalog.findWithStock([])).toEqual([]);
    });
  });

  describe("Catalog contract: search and filters", () => {
    let t: ContractTarget;
    beforeEach(async () => {
      t = await makeTarget();
    });

    const ids = async (query: Omit<ProductQuery, "limit"> & { limit?: number }) =>
      (await t.ports.catalog.listWithStock({ limit: 100, ...query })).map((p) => p.id);

    it("matches the text in the SKU or the name, ignoring case, with LIKE's wildcards and escape taken literally", async () => {
      const keyboard = await t.given.product({ sku: "KB-100", name: "Mechanical Keyboard", priceCents: 1 });
      const sale = await t.given.product({ sku: "SALE_50%", name: "Half price mouse", priceCents: 1 });
      const cable = await t.given.product({ sku: "PATH-1", name: "C:\\cable", priceCents: 1 });
      await t.given.product({ sku: "SALEX50", name: "Plain", priceCents: 1 });

      expect(await ids({ q: "KEYB" })).toEqual([keyboard.id]);
      expect(await ids({ q: "kb-1" })).toEqual([keyboard.id]);
      expect(await ids({ q: "mouse" })).toEqual([sale.id]);
      expect(await ids({ q: "_50%" })).toEqual([sale.id]);
      expect(await ids({ q: "%" })).toEqual([sale.id]);
      expect(await ids({ q: "_" })).toEqual([sale.id]);
      expect(await ids({ q: "\\" })).toEqual([cable.id]);
      expect(await ids({ q: "'; --" })).toEqual([]);
    });

    it("filters by status and by units available in active warehouses, paging over what passes", async () => {
      const w = await t.given.warehouse({ name: "W" });
      const off = await t.given.warehouse({ name: "Off", status: "inactive" });
      const soldOut = await t.given.product({ sku: "SOLD", name: "Sold out", priceCents: 1 });
      const onlyOff = await t.given.product({ sku: "OFF", name: "Only inactive", priceCents: 1 });
      const a = await t.given.product({ sku: "A", name: "A", priceCents: 1 });
      const archived = await t.given.product({ sku: "ARCH", name: "Archived", priceCents: 1, status: "archived" });
      const b = await t.given.product({ sku: "B", name: "B", priceCents: 1 });
      await t.ports.stock.adjust(w.id, soldOut.id, 0);
      await t.ports.stock.adjust(off.id, onlyOff.id, 9);
      await t.ports.stock.adjust(w.id, a.id, 1);
      await t.ports.stock.adjust(w.id, archived.id, 4);
      await t.ports.stock.adjust(w.id, b.id, 2);

      expect(await ids({ inStock: true })).toEqual([a.id, archived.id, b.id]);
      expect(await ids({ inStock: true, status: "active" })).toEqual([a.id, b.id]);
      expect(await ids({ inStock: true, status: "active", limit: 1 })).toEqual([a.id]);
      expect(await ids({ inStock: true, status: "active", limit: 1, afterId: a.id })).toEqual([b.id]);
      expect(await ids({ status: "archived" })).toEqual([archived.id]);
      expect(await ids({ status: "active" })).toEqual([soldOut.id, onlyOff.id, a.id, b.id]);
      expect(await ids({ status: "active", q: "only" })).toEqual([onlyOff.id]);
      expect(await ids({ inStock: false })).toHaveLength(5);
    });
  });

  describe("Catalog contract: stock levels", () => {
    const f = stockFixture(makeTarget);

    it("answers levels ordered by warehouse then product, filtered, with the warehouse status and priority", async () => {
      const { t, w1, w2, off, p1, p2 } = f;
      expect(await t.ports.catalog.levels({})).toEqual([
        { warehouseId: w1, productId: p1, warehouseStatus: "active", warehousePriority: w1, onHand: 10, reserved: 0 },
        { warehouseId: w1, productId: p2, warehouseStatus: "active", warehousePriority: w1, onHand: 3, reserved: 0 },
        { warehouseId: w2, productId: p1, warehouseStatus: "active", warehousePriority: w2, onHand: 5, reserved: 0 },
        {
          warehouseId: off,
          productId: p2,
          warehouseStatus: "inactive",
          warehousePriority: off,
          onHand: 7,
          reserved: 0,
        },
      ]);
      const p2Levels = await t.ports.catalog.levels({ productIds: [p2] });
      expect(p2Levels.map((l) => l.warehouseId)).toEqual([w1, off]);
      const w2Levels = await t.ports.catalog.levels({ warehouseId: w2 });
      expect(w2Levels.map((l) => l.productId)).toEqual([p1]);
    });
  });
}
