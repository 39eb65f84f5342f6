import type { Product } from "../catalog/Product.js";
import type { Page } from "../shared/values.js";

export interface Products {
  /** The products among `ids` that exist, in any order. */
  findByIds(ids: readonly number[]): Promise<Product[]>;
  /** Products ordered by id, `page.limit` of them after `page.afterId`. */
  list(page: Page): Promise<Product[]>;
}
