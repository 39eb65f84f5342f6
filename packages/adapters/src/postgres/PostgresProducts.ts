import type { Product, Products } from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

export interface ProductRow {
  id: unknown;
  sku: string;
  name: string;
  price_cents: unknown;
}

export const toProduct = (row: ProductRow): Product => ({
  id: toSafeInteger(row.id),
  sku: row.sku,
  name: row.name,
  priceCents: toSafeInteger(row.price_cents),
});

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
}
