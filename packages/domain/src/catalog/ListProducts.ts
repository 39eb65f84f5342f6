import { available } from "../inventory/StockLevel.js";
import type { Catalog } from "../ports/Catalog.js";
import { parsePage } from "../shared/values.js";
import type { ProductAvailability } from "./Product.js";

export interface ListProductsInput {
  readonly limit?: number;
  readonly afterId?: number;
}

export class ListProducts {
  constructor(private readonly catalog: Catalog) {}

  async execute(input: ListProductsInput = {}): Promise<ProductAvailability[]> {
    // One read: the page comes with its stock levels; what counts as available is decided here.
    const page = await this.catalog.listWithStock(parsePage(input));
    return page.map(({ levels, ...product }) => ({
      ...product,
      available: levels.reduce((sum, level) => sum + (level.warehouseStatus === "active" ? available(level) : 0), 0),
    }));
  }
}
