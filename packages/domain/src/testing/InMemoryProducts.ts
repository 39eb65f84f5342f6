import type { Product } from "../catalog/Product.js";
import type { Products } from "../ports/Products.js";
import type { Page } from "../shared/values.js";
import type { InMemoryScope } from "./InMemoryScope.js";

export class InMemoryProducts implements Products {
  constructor(private readonly scope: InMemoryScope) {}

  async findByIds(ids: readonly number[]): Promise<Product[]> {
    return ids.flatMap((id) => this.scope.tables.products.get(id) ?? []);
  }

  async list(page: Page): Promise<Product[]> {
    return [...this.scope.tables.products.values()]
      .filter((p) => page.afterId === undefined || p.id > page.afterId)
      .sort((a, b) => a.id - b.id)
      .slice(0, page.limit);
  }
}
