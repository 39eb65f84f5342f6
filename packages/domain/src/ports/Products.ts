// The write side of the catalog: products by id, and creating and changing them in one write each.
import type { NewProduct, Product, ProductChanges } from "../catalog/Product.js";

/** How a conditional change ended; `version_mismatch` wrote nothing. */
export type ProductUpdate =
  | { readonly outcome: "updated"; readonly product: Product }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "version_mismatch" };

export interface Products {
  /** The products among `ids` that exist, in any order. */
  findByIds(ids: readonly number[]): Promise<Product[]>;
  /**
   * Stores a new product, active at version 1, and answers it; null when the SKU is taken, having
   * written nothing. Two racing creates of one SKU: one product, one null.
   */
  create(product: NewProduct): Promise<Product | null>;
  /**
   * Sets `changes` and adds 1 to the version in one write. With `ifVersion`, only while the product
   * still has one of those versions, judged in the same write: of two racing changes naming the
   * same version, exactly one is `updated`.
   */
  update(id: number, changes: ProductChanges, ifVersion?: readonly number[]): Promise<ProductUpdate>;
}
