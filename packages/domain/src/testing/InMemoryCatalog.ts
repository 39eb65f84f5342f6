// The read side in memory: products with their stock levels, and levels by warehouse or product.
import { type Product, type ProductWithStock, withAvailability } from "../catalog/Product.js";
import type { StockLevel } from "../inventory/StockLevel.js";
import type { Catalog, ProductQuery, StockQuery } from "../ports/Catalog.js";
import type { InMemoryScope } from "./InMemoryScope.js";
import { stockLevelOf } from "./InMemoryStockRows.js";

export class InMemoryCatalog implements Catalog {
  constructor(private readonly scope: InMemoryScope) {}

  async findWithStock(ids: readonly number[]): Promise<ProductWithStock[]> {
    return ids.flatMap((id) => this.scope.tables.products.get(id) ?? []).map((p) => this.withStock(p));
  }

  async listWithStock(query: ProductQuery): Promise<ProductWithStock[]> {
    // Lower-cased like ILIKE does for the letters the contract uses; the text is matched literally.
    const q = query.q?.toLowerCase();
    return [...this.scope.tables.products.values()]
      .filter((p) => query.afterId === undefined || p.id > query.afterId)
      .filter((p) => query.status === undefined || p.status === query.status)
      .filter((p) => q === undefined || p.sku.toLowerCase().includes(q) || p.name.toLowerCase().includes(q))
      .sort((a, b) => a.id - b.id)
      .map((p) => this.withStock(p))
      .filter((p) => query.inStock !== true || withAvailability(p).available > 0)
      .slice(0, query.limit);
  }

  async levels(query: StockQuery): Promise<StockLevel[]> {
    const { stock, warehouses } = this.scope.tables;
    return [...stock.values()]
      .filter(
        (row) =>
          (query.warehouseId === undefined || row.warehouseId === query.warehouseId) &&
          (query.productIds === undefined || query.productIds.includes(row.productId)),
      )
      .map((row) => stockLevelOf(row, warehouses.get(row.warehouseId)))
      .sort((a, b) => a.warehouseId - b.warehouseId || a.productId - b.productId);
  }

  private withStock(product: Product): ProductWithStock {
    return {
      ...product,
      levels: [...this.scope.tables.stock.values()]
        .filter((row) => row.productId === product.id)
        .map((row) => stockLevelOf(row, this.scope.tables.warehouses.get(row.warehouseId)))
        .sort((a, b) => a.warehouseId - b.warehouseId),
    };
  }
}
