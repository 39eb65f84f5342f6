// The product export in memory: products and their stock rows in the adapter's keyset order.
import type { ExportRow } from "../catalog/ExportProducts.js";
import type { ExportCursor, ProductExport } from "../ports/ProductExport.js";
import type { InMemoryDatabase } from "./InMemoryDatabase.js";

export class InMemoryProductExport implements ProductExport {
  constructor(private readonly db: InMemoryDatabase) {}

  async page(after: ExportCursor | null, limit: number): Promise<ExportRow[]> {
    const { products, stock } = this.db.tables;
    const rows: ExportRow[] = [];
    for (const p of [...products.values()].sort((a, b) => a.id - b.id)) {
      const levels = [...stock.values()]
        .filter((s) => s.productId === p.id)
        .sort((a, b) => a.warehouseId - b.warehouseId);
      const base = { productId: p.id, sku: p.sku, name: p.name, priceCents: p.priceCents };
      if (levels.length === 0) rows.push({ ...base, warehouseId: null, onHand: null });
      for (const s of levels) rows.push({ ...base, warehouseId: s.warehouseId, onHand: s.onHand });
    }
    const key = (r: ExportRow) => [r.productId, r.warehouseId ?? 0] as const;
    return rows
      .filter((r) => {
        if (after === null) return true;
        const [p, w] = key(r);
        return p > after.productId || (p === after.productId && w > after.warehouseId);
      })
      .slice(0, limit);
  }
}
