// Products in memory: found by id, created with a unique SKU, changed with a version check in the same step.
import type { NewProduct, Product, ProductChanges } from "../catalog/Product.js";
import type { Products, ProductUpdate } from "../ports/Products.js";
import type { InMemoryScope } from "./InMemoryScope.js";

export class InMemoryProducts implements Products {
  constructor(private readonly scope: InMemoryScope) {}

  async findByIds(ids: readonly number[]): Promise<Product[]> {
    return ids.flatMap((id) => this.scope.tables.products.get(id) ?? []);
  }

  create(product: NewProduct): Promise<Product | null> {
    return this.scope.write(() => {
      const { products, sequences } = this.scope.tables;
      if ([...products.values()].some((p) => p.sku === product.sku)) return null;
      const row: Product = { ...product, id: ++sequences.product, status: "active", version: 1 };
      products.set(row.id, row);
      return row;
    });
  }

  update(id: number, changes: ProductChanges, ifVersion?: readonly number[]): Promise<ProductUpdate> {
    return this.scope.write((): ProductUpdate => {
      const current = this.scope.tables.products.get(id);
      if (current === undefined) return { outcome: "not_found" };
      if (ifVersion !== undefined && !ifVersion.includes(current.version)) return { outcome: "version_mismatch" };
      const product: Product = { ...current, ...changes, version: current.version + 1 };
      this.scope.tables.products.set(id, product);
      return { outcome: "updated", product };
    });
  }
}
