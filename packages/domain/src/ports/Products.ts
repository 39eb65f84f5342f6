import type { Product } from "../catalog/Product.js";

/** Products as a write-side unit of work sees them (a transfer checks its product exists). */
export interface Products {
  /** The products among `ids` that exist, in any order. */
  findByIds(ids: readonly number[]): Promise<Product[]>;
}
