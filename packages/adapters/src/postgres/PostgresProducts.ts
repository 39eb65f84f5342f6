import type { Page, Product, Products, ProductWithStock, StockLevel, WarehouseStatus } from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

interface ProductRow {
  id: unknown;
  sku: string;
  name: string;
  price_cents: unknown;
}

interface ProductWithStockRow extends ProductRow {
  /** [warehouse_id, on_hand, reserved, status, priority] per stock row, by warehouse id. */
  levels: [unknown, unknown, unknown, WarehouseStatus, unknown][];
}

const toProduct = (row: ProductRow): Product => ({
  id: toSafeInteger(row.id),
  sku: row.sku,
  name: row.name,
  priceCents: toSafeInteger(row.price_cents),
});

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
  SELECT p.id, p.sku, p.name, p.price_cents,
         (SELECT coalesce(json_agg(json_build_array(s.warehouse_id, s.on_hand, s.reserved, w.status, w.priority)
                                   ORDER BY s.warehouse_id), '[]'::json)
            FROM warehouse_stock s JOIN warehouses w ON w.id = s.warehouse_id
           WHERE s.product_id = p.id) AS levels
  FROM products p`;

export class PostgresProducts implements Products {
  constructor(private readonly db: SqlRunner) {}

  async findByIds(ids: readonly number[]): Promise<Product[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<ProductRow>(
      "SELECT id, sku, name, price_cents FROM products WHERE id = ANY($1::bigint[])",
      [ids],
    );
    return rows.map(toProduct);
  }

  async list(page: Page): Promise<Product[]> {
    const rows = await this.db.query<ProductRow>(
      `SELECT id, sku, name, price_cents FROM products
       WHERE $1::bigint IS NULL OR id > $1 ORDER BY id LIMIT $2`,
      [page.afterId ?? null, page.limit],
    );
    return rows.map(toProduct);
  }

  async findWithStock(ids: readonly number[]): Promise<ProductWithStock[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<ProductWithStockRow>(`${SELECT_WITH_STOCK} WHERE p.id = ANY($1::bigint[])`, [ids]);
    return rows.map(toProductWithStock);
  }

  async listWithStock(page: Page): Promise<ProductWithStock[]> {
    const rows = await this.db.query<ProductWithStockRow>(
      `${SELECT_WITH_STOCK} WHERE $1::bigint IS NULL OR p.id > $1 ORDER BY p.id LIMIT $2`,
      [page.afterId ?? null, page.limit],
    );
    return rows.map(toProductWithStock);
  }
}
