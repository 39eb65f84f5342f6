// The read side: products with prices and stock levels, for answers and for checkout's plan.
import type { ProductWithStock } from "../catalog/Product.js";
import type { StockLevel } from "../inventory/StockLevel.js";
import type { Page } from "../shared/values.js";

export interface StockQuery {
  readonly productIds?: readonly number[];
  readonly warehouseId?: number;
}

/** Reads that only feed answers and plans; it writes nothing. Writes go through the write ports. */
export interface Catalog {
  /** The products among `ids` that exist, each with its stock levels, in one read (checkout plans from it). */
  findWithStock(ids: readonly number[]): Promise<ProductWithStock[]>;
  /** Products ordered by id, `page.limit` of them after `page.afterId`, each with its stock levels, in one read. */
  listWithStock(page: Page): Promise<ProductWithStock[]>;
  /** Current stock levels, ordered by warehouse id then product id. */
  levels(query: StockQuery): Promise<StockLevel[]>;
}
