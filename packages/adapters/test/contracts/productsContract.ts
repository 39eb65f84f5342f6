import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";

export function productsContract(makeTarget: MakeTarget): void {
  describe("Products contract", () => {
    let t: ContractTarget;
    beforeEach(async () => {
      t = await makeTarget();
    });

    const givenProducts = async (count: number) => {
      const products = [];
      for (let i = 1; i <= count; i++) {
        products.push(await t.given.product({ sku: `SKU-${i}`, name: `Product ${i}`, priceCents: i * 100 }));
      }
      return products;
    };

    it("finds the products that exist among the ids asked for", async () => {
      const [a, , c] = await givenProducts(3);
      const found = await t.ports.products.findByIds([c?.id ?? 0, 999, a?.id ?? 0]);
      expect(found.sort((x, y) => x.id - y.id)).toEqual([a, c]);
      expect(await t.ports.products.findByIds([])).toEqual([]);
    });

    it("lists products by id, a page at a time", async () => {
      const all = await givenProducts(5);
      expect(await t.ports.products.list({ limit: 2 })).toEqual(all.slice(0, 2));
      expect(await t.ports.products.list({ limit: 2, afterId: all[1]?.id ?? 0 })).toEqual(all.slice(2, 4));
      expect(await t.ports.products.list({ limit: 10, afterId: all[4]?.id ?? 0 })).toEqual([]);
    });

    it("answers products with their stock levels in every warehouse holding them, found by id or a page at a time", async () => {
      const [a, b, c] = await givenProducts(3);
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

      expect(await t.ports.products.listWithStock({ limit: 2 })).toEqual([aWithStock, bWithStock]);
      expect(await t.ports.products.listWithStock({ limit: 5, afterId: bId })).toEqual([cWithStock]);
      const found = await t.ports.products.findWithStock([c?.id ?? 0, 999, aId]);
      expect(found.sort((x, y) => x.id - y.id)).toEqual([aWithStock, cWithStock]);
      expect(await t.ports.products.findWithStock([])).toEqual([]);
    });

    it("stores SQL in a sku or name as data", async () => {
      const product = await t.given.product({
        sku: "'; DROP TABLE products; --",
        name: "Robert'); DELETE FROM products WHERE ('1'='1",
        priceCents: 0,
      });
      expect(await t.ports.products.list({ limit: 10 })).toEqual([product]);
      expect(await t.ports.products.findByIds([product.id])).toEqual([product]);
    });
  });
}
