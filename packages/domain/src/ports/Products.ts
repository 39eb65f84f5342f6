import type { Product, ProductWithStock } from "../catalog/Product.js";
import type { Page } from "../shared/values.js";

export interface Products {
  /** The products among `ids` that exist, in any order. */
  findByIds(ids: readonly number[]): Promise<Product[]>;
  /** Products ordered by id, `page.limit` of them after `page.afterId`. */
  list(page: Page): Promise<Product[]>;
  /** `findByIds`, each product with its stock levels, in one read (checkout plans from it). */
  findWithStock(ids: readonly number[]): Promise<ProductWithStock[]>;
  /** `list`, each product with its stock levels, in one read (the catalog page). */
  listWithStock(page: Page): Promise<ProductWithStock[]>;
}
