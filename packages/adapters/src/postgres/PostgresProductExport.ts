// The product export on PostgreSQL: products left-joined to their stock rows, one keyset page per query.
import type { ExportCursor, ExportRow, ProductExport } from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

// A product without stock rows is one row with warehouse 0 in the key (NULL in the answer).
const PAGE_SQL = `
  SELECT p.id, p.sku, p.name, p.price_cents, ws.warehouse_id, ws.on_hand
  FROM products p
  LEFT JOIN warehouse_stock ws ON ws.product_id = p.id
  WHERE p.id >= $1::bigint AND (p.id > $1::bigint OR COALESCE(ws.warehouse_id, 0) > $2::bigint)
  ORDER BY p.id, COALESCE(ws.warehouse_id, 0)
  LIMIT $3`;

interface PageRow {
  id: unknown;
  sku: string;
  name: string;
  price_cents: unknown;
  warehouse_id: unknown;
  on_hand: unknown;
}

export class PostgresProductExport implements ProductExport {
  constructor(private readonly db: SqlRunner) {}

  async page(after: ExportCursor | null, limit: number): Promise<ExportRow[]> {
    const rows = await this.db.query<PageRow>(PAGE_SQL, [after?.productId ?? 0, after?.warehouseId ?? 0, limit]);
    return rows.map((r) => ({
      productId: toSafeInteger(r.id),
      sku: r.sku,
      name: r.name,
      priceCents: toSafeInteger(r.price_cents),
      warehouseId: r.warehouse_id === null ? null : toSafeInteger(r.warehouse_id),
      onHand: r.on_hand === null ? null : toSafeInteger(r.on_hand),
    }));
  }
}
