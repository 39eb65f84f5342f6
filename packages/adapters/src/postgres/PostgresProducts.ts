// Products on PostgreSQL: found by id, created with ON CONFLICT on the SKU, changed with the version judged in the UPDATE.
import type { NewProduct, Product, ProductChanges, ProductStatus, Products, ProductUpdate } from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

export interface ProductRow {
  id: unknown;
  sku: string;
  name: string;
  price_cents: unknown;
  status: ProductStatus;
  low_stock_threshold: unknown;
  version: unknown;
}

/** The columns of ProductRow, for every statement that answers products. */
export const PRODUCT_COLUMNS = "id, sku, name, price_cents, status, low_stock_threshold, version";

export const toProduct = (row: ProductRow): Product => ({
  id: toSafeInteger(row.id),
  sku: row.sku,
  name: row.name,
  priceCents: toSafeInteger(row.price_cents),
  status: row.status,
  lowStockThreshold: toSafeInteger(row.low_stock_threshold),
  version: toSafeInteger(row.version),
});

// One statement: the UPDATE judges the version on the row it locks (a racing change that committed
// first is seen), and the SELECT after it tells a missing product from a stale version.
const UPDATE_PRODUCT = `
  WITH updated AS (
    UPDATE products
       SET name = coalesce($2, name),
           price_cents = coalesce($3::bigint, price_cents),
           status = coalesce($4, status),
           low_stock_threshold = coalesce($5::integer, low_stock_threshold),
           version = version + 1,
           updated_at = now()
     WHERE id = $1 AND ($6::integer[] IS NULL OR version = ANY($6::integer[]))
     RETURNING ${PRODUCT_COLUMNS}
  )
  SELECT 'updated' AS outcome, ${PRODUCT_COLUMNS} FROM updated
  UNION ALL
  SELECT 'version_mismatch', ${PRODUCT_COLUMNS} FROM products
   WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM updated)`;

export class PostgresProducts implements Products {
  constructor(private readonly db: SqlRunner) {}

  async findByIds(ids: readonly number[]): Promise<Product[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    return rows.map(toProduct);
  }

  async create(product: NewProduct): Promise<Product | null> {
    // ON CONFLICT DO NOTHING: a taken SKU (even by a create committing right now) answers no row, never an error.
    const [row] = await this.db.query<ProductRow>(
      `INSERT INTO products (sku, name, price_cents, low_stock_threshold) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sku) DO NOTHING RETURNING ${PRODUCT_COLUMNS}`,
      [product.sku, product.name, product.priceCents, product.lowStockThreshold],
    );
    return row === undefined ? null : toProduct(row);
  }

  async update(id: number, changes: ProductChanges, ifVersion?: readonly number[]): Promise<ProductUpdate> {
    const [row] = await this.db.query<ProductRow & { outcome: "updated" | "version_mismatch" }>(UPDATE_PRODUCT, [
      id,
      changes.name ?? null,
      changes.priceCents ?? null,
      changes.status ?? null,
      changes.lowStockThreshold ?? null,
      ifVersion ?? null,
    ]);
    if (row === undefined) return { outcome: "not_found" };
    return row.outcome === "updated"
      ? { outcome: "updated", product: toProduct(row) }
      : { outcome: "version_mismatch" };
  }
}
