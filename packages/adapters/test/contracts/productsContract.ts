// What every Products adapter must do: find by id, create with a unique SKU, change with the version judged in the write.
import type { NewProduct } from "@orders/domain";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";
import { givenProducts, withoutLevels } from "./givenProducts.js";

const PEN: NewProduct = { sku: "PEN-1", name: "Pen", priceCents: 250, lowStockThreshold: 3 };

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

    it("creates a product active at version 1 and finds it", async () => {
      const created = await t.ports.products.create(PEN);
      expect(created).toEqual({ ...PEN, id: expect.any(Number), status: "active", version: 1 });
      expect(await t.ports.products.findByIds([created?.id ?? 0])).toEqual([created]);
    });

    it("answers null for a taken SKU and writes nothing; two racing creates of one SKU make one product", async () => {
      const first = await t.ports.products.create(PEN);
      expect(await t.ports.products.create({ ...PEN, name: "Other pen" })).toBeNull();
      const racing = await Promise.all([
        t.ports.products.create({ ...PEN, sku: "RACE" }),
        t.ports.products.create({ ...PEN, sku: "RACE", name: "Twin" }),
      ]);
      expect(racing.filter((p) => p !== null)).toHaveLength(1);
      const listed = (await t.ports.catalog.listWithStock({ limit: 10 })).map(withoutLevels);
      expect(listed.map((p) => p.sku)).toEqual(["PEN-1", "RACE"]);
      expect(listed[0]).toEqual(first);
    });

    it("sets only the fields changed and adds 1 to the version, each time", async () => {
      const product = await t.given.product({ sku: "A", name: "A", priceCents: 10 });
      const renamed = await t.ports.products.update(product.id, { name: "B" });
      expect(renamed).toEqual({ outcome: "updated", product: { ...product, name: "B", version: 2 } });
      const all = await t.ports.products.update(product.id, {
        priceCents: 20,
        status: "archived",
        lowStockThreshold: 7,
      });
      const expected = { ...product, name: "B", priceCents: 20, status: "archived", lowStockThreshold: 7, version: 3 };
      expect(all).toEqual({ outcome: "updated", product: expected });
      expect(await t.ports.products.findByIds([product.id])).toEqual([expected]);
    });

    it("changes only from a version named; a stale one is version_mismatch and writes nothing", async () => {
      const product = await t.given.product({ sku: "A", name: "A", priceCents: 10, version: 4 });
      expect(await t.ports.products.update(product.id, { name: "B" }, [3])).toEqual({ outcome: "version_mismatch" });
      expect(await t.ports.products.findByIds([product.id])).toEqual([product]);
      const updated = await t.ports.products.update(product.id, { name: "C" }, [1, 4]);
      expect(updated).toEqual({ outcome: "updated", product: { ...product, name: "C", version: 5 } });
      expect(await t.ports.products.update(product.id + 100, { name: "D" })).toEqual({ outcome: "not_found" });
      expect(await t.ports.products.update(product.id + 100, { name: "D" }, [1])).toEqual({ outcome: "not_found" });
    });

    it("of two racing changes naming the same version, exactly one is updated", async () => {
      const product = await t.given.product({ sku: "A", name: "A", priceCents: 10 });
      const results = await Promise.all([
        t.ports.products.update(product.id, { name: "left" }, [1]),
        t.ports.products.update(product.id, { name: "right" }, [1]),
      ]);
      expect(results.map((r) => r.outcome).sort()).toEqual(["updated", "version_mismatch"]);
      const [stored] = await t.ports.products.findByIds([product.id]);
      const winner = results.find((r) => r.outcome === "updated");
      expect(stored).toEqual(winner?.outcome === "updated" ? winner.product : null);
      expect(stored?.version).toBe(2);
    });
  });
}
