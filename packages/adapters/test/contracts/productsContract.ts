import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";
import { givenProducts, withoutLevels } from "./givenProducts.js";

export function productsContract(makeTarget: MakeTarget): void {
  describe("Products contract", () => {
    let t: ContractTarget;
    beforeEach(async () => {
      t = await makeTarget();
    });

    it("finds the products that exist among the ids asked for", async () => {
      const [a, , c] = await givenProducts(t, 3);
      const found = await t.ports.products.findByIds([c?.id ?? 0, 999, a?.id ?? 0]);
      expect(found.sort((x, y) => x.id - y.id)).toEqual([a, c]);
      expect(await t.ports.products.findByIds([])).toEqual([]);
    });

    it("stores SQL in a sku or name as data", async () => {
      const product = await t.given.product({
        sku: "'; DROP TABLE products; --",
        name: "Robert'); DELETE FROM products WHERE ('1'='1",
        priceCents: 0,
      });
      expect((await t.ports.catalog.listWithStock({ limit: 10 })).map(withoutLevels)).toEqual([product]);
      expect(await t.ports.products.findByIds([product.id])).toEqual([product]);
    });
  });
}
