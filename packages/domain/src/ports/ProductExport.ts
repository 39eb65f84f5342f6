// The read side of a product export: products with their stock rows, in keyset pages.
import type { ExportRow } from "../catalog/ExportProducts.js";

/** Where an export page starts: after this product and warehouse (0: the product's stock-less row). */
export interface ExportCursor {
  readonly productId: number;
  readonly warehouseId: number;
}

export interface ProductExport {
  /**
   * Up to `limit` rows after `after` (from the start when null), ordered by product id, then
   * warehouse id: one row per stock row of a product, or one row without stock for a product that
   * has none. Every product is included, archived ones too.
   */
  page(after: ExportCursor | null, limit: number): Promise<ExportRow[]>;
}
