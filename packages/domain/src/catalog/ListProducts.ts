import { available } from "../inventory/StockLevel.js";
import type { Products } from "../ports/Products.js";
import type { StockLedger } from "../ports/StockLedger.js";
import { parsePage } from "../shared/values.js";
import type { ProductAvailability } from "./Product.js";

export interface ListProductsInput {
  readonly limit?: number;
  readonly afterId?: number;
}

export class ListProducts {
  constructor(
    private readonly products: Products,
    private readonly stock: StockLedger,
  ) {}

  async execute(input: ListProductsInput = {}): Promise<ProductAvailability[]> {
    const products = await this.products.list(parsePage(input));
    if (products.length === 0) return [];
    const levels = await this.stock.levels({ productIds: products.map((p) => p.id) });
    const availableByProduct = new Map<number, number>();
    for (const level of levels) {
      if (level.warehouseStatus !== "active") continue;
      availableByProduct.set(level.productId, (availableByProduct.get(level.productId) ?? 0) + available(level));
    }
    return products.map((p) => ({ ...p, available: availableByProduct.get(p.id) ?? 0 }));
  }
}
