import type { Product } from "../catalog/Product.js";
import type { Products } from "../ports/Products.js";
import type { InMemoryScope } from "./InMemoryScope.js";

export class InMemoryProducts implements Products {
  constructor(private readonly scope: InMemoryScope) {}

  async findByIds(ids: readonly number[]): Promise<Product[]> {
    return ids.flatMap((id) => this.scope.tables.products.get(id) ?? []);
  }
}
