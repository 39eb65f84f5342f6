// The read side on PostgreSQL: products with their stock levels in one round trip, and levels alone.
import type { Catalog, ProductQuery, ProductWithStock, StockLevel, StockQuery, WarehouseStatus } from "@orders/domain";
import { coalescedReads } from "./coalescedReads.js";
import { type ProductRow, toProduct } from "./PostgresProducts.js";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

interface ProductWithStockRow extends ProductRow {
  /** [warehouse_id, on_hand, reserved, status, priority] per stock row, by warehouse id. */
  levels: [unknown, unknown, unknown, WarehouseStatus, unknown][];
}

interface LevelRow {
  warehouse_id: unknown;
  product_id: unknown;
  on_hand: unknown;
  reserved: unknown;
  status: WarehouseStatus;
  priority: unknown;
}

const toProductWithStock = (row: ProductWithStockRow): ProductWithStock => {
  const product = toProduct(row);
  return {
    ...product,
    levels: row.levels.map(
      ([warehouseId, onHand, reserved, status, priority]): StockLevel => ({
        warehouseId: toSafeInteger(warehouseId),
        productId: product.id,
        warehouseStatus: status,
        warehousePriority: toSafeInteger(priority),
        onHand: toSafeInteger(onHand),
        reserved: toSafeInteger(reserved),
      }),
    ),
  };
};

// One round trip: each product's stock rows (with their warehouse's status and priority) come along as a JSON array.
const SELECT_WITH_STOCK = `
  SELECT p.id, p.sku, p.name, p.price_cents, p.status, p.low_stock_threshold, p.version,
         (SELECT coalesce(json_agg(json_build_array(s.warehouse_id, s.on_hand, s.reserved, w.status, w.priority)
                                   ORDER BY s.warehouse_id), '[]'::json)
            FROM warehouse_stock s JOIN warehouses w ON w.id = s.warehouse_id
           WHERE s.product_id = p.id) AS levels
  FROM products p`;

export class PostgresCatalog implements Catalog {
  /** Checkout's read: the checkouts that arrive while one read runs share the next (coalescedReads). */
  private readonly findShared = coalescedReads(
    async (ids: number[]) =>
      (await this.db.query<ProductWithStockRow>(`${SELECT_WITH_STOCK} WHERE p.id = ANY($1::bigint[])`, [ids])).map(
        toProductWithStock,
      ),
    (product) => product.id,
  );

  constructor(private readonly db: SqlRunner) {}

  async findWithStock(ids: readonly number[]): Promise<ProductWithStock[]> {
    return ids.length === 0 ? [] : this.findShared(ids);
  }

  async listWithStock(query: ProductQuery): Promise<ProductWithStock[]> {
    // The search text is matched literally: LIKE's wildcards and its escape character are escaped.
    const pattern = query.q === undefined ? null : `%${query.q.replace(/[\\%_]/g, "\\$&")}%`;
    const rows = await this.db.query<ProductWithStockRow>(
      `${SELECT_WITH_STOCK}
       WHERE ($1::bigint IS NULL OR p.id > $1)
         AND ($3::text IS NULL OR p.status = $3)
         AND ($4::text IS NULL OR p.sku ILIKE $4 ESCAPE '\\' OR p.name ILIKE $4 ESCAPE '\\')
         AND (NOT $5::boolean OR EXISTS (
               SELECT 1 FROM warehouse_stock s JOIN warehouses w ON w.id = s.warehouse_id
                WHERE s.product_id = p.id AND w.status = 'active' AND s.on_hand > s.reserved))
       ORDER BY p.id LIMIT $2`,
      [query.afterId ?? null, query.limit, query.status ?? null, pattern, query.inStock === true],
    );
    return rows.map(toProductWithStock);
  }

  async levels(query: StockQuery): Promise<StockLevel[]> {
    const rows = await this.db.query<LevelRow>(
      `SELECT s.warehouse_id, s.product_id, s.on_hand, s.reserved, w.status, w.priority
       FROM warehouse_stock s JOIN warehouses w ON w.id = s.warehouse_id
       WHERE ($1::bigint[] IS NULL OR s.product_id = ANY($1::bigint[]))
         AND ($2::bigint IS NULL OR s.warehouse_id = $2::bigint)
       ORDER BY s.warehouse_id, s.product_id`,
      [query.productIds ?? null, query.warehouseId ?? null],
    );
    return rows.map((r) => ({
      warehouseId: toSafeInteger(r.warehouse_id),
      productId: toSafeInteger(r.product_id),
      warehouseStatus: r.status,
      warehousePriority: toSafeInteger(r.priority),
      onHand: toSafeInteger(r.on_hand),
      reserved: toSafeInteger(r.reserved),
    }));
  }
}
