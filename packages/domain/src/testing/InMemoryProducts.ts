import type { Product, ProductWithStock } from "../catalog/Product.js";
import type { Products } from "../ports/Products.js";
import type { Page } from "../shared/values.js";
import type { InMemoryScope } from "./InMemoryScope.js";
import { stockLevelOf } from "./InMemoryStockLedger.js";

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

  async findWithStock(ids: readonly number[]): Promise<ProductWithStock[]> {
    return (await this.findByIds(ids)).map((p) => this.withStock(p));
  }

  async listWithStock(page: Page): Promise<ProductWithStock[]> {
    return (await this.list(page)).map((p) => this.withStock(p));
  }

  private withStock(product: Product): ProductWithStock {
    const { stock, warehouses } = this.scope.tables;
    const levels = [...stock.values()]
      .filter((row) => row.productId === product.id)
      .map((row) => stockLevelOf(row, warehouses.get(row.warehouseId)))
      .sort((a, b) => a.warehouseId - b.warehouseId);
    return { ...product, levels };
  }
}
