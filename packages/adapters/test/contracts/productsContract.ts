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
