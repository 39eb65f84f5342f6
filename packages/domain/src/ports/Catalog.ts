// The read side: products with prices and stock levels, for answers and for checkout's plan.
import type { ProductStatus, ProductWithStock } from "../catalog/Product.js";
import type { StockLevel } from "../inventory/StockLevel.js";
import type { Page } from "../shared/values.js";

export interface StockQuery {
  readonly productIds?: readonly number[];
  readonly warehouseId?: number;
}

/** A page of products, narrowed by every filter given (all of them must hold). */
export interface ProductQuery extends Page {
  /** The SKU or the name holds this text, ignoring case; `%`, `_` and `\` match themselves. */
  readonly q?: string;
  /** Only products with at least one unit available in an active warehouse. */
  readonly inStock?: boolean;
  /** Only products with this status; absent: every status. */
  readonly status?: ProductStatus;
}

/** Reads that only feed answers and plans; it writes nothing. Writes go through the write ports. */
export interface Catalog {
  /** The products among `ids` that exist, each with its stock levels, in one read (checkout plans from it). */
  findWithStock(ids: readonly number[]): Promise<ProductWithStock[]>;
  /** Products ordered by id, `query.limit` of them after `query.afterId` that pass its filters, each with its stock levels, in one read. */
  listWithStock(query: ProductQuery): Promise<ProductWithStock[]>;
  /** Current stock levels, ordered by warehouse id then product id. */
  levels(query: StockQuery): Promise<StockLevel[]>;
}
