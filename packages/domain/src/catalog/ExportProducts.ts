// Product export: every product with its stock rows, read in keyset pages so no export is held whole in memory.

import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { ExportCursor, ProductExport } from "../ports/ProductExport.js";

/** One line of an export, in the import's columns: a product, with one warehouse's on_hand or none. */
export interface ExportRow {
  readonly productId: number;
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  readonly warehouseId: number | null;
  readonly onHand: number | null;
}

/** Rows read per page: large enough to amortise a round trip, small enough to stay a few hundred KiB. */
export const EXPORT_PAGE_SIZE = 2_000;

export interface ExportProductsInput {
  readonly actor: Actor;
}

/**
 * Admin: every product (archived ones too) with its stock rows, ordered by product id then
 * warehouse id, as a lazy sequence of pages. The admin check runs at once; pages are read as the
 * caller pulls them, so a slow reader holds one page, never the whole catalog.
 */
export class ExportProducts {
  constructor(
    private readonly products: ProductExport,
    private readonly pageSize = EXPORT_PAGE_SIZE,
  ) {}

  execute(input: ExportProductsInput): AsyncIterable<readonly ExportRow[]> {
    requireAdmin(input.actor, "export products");
    const { products, pageSize } = this;
    return {
      async *[Symbol.asyncIterator]() {
        let after: ExportCursor | null = null;
        for (;;) {
          const page = await products.page(after, pageSize);
          if (page.length > 0) yield page;
          const last = page.at(-1);
          if (page.length < pageSize || last === undefined) return;
          after = { productId: last.productId, warehouseId: last.warehouseId ?? 0 };
        }
      },
    };
  }
}
