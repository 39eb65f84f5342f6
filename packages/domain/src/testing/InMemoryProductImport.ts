// The bulk import in memory: one fake transaction per import, the same refusals as the Postgres adapter.
import type { ImportCounts, ImportedProduct } from "../catalog/ImportProducts.js";
import type { Clock } from "../ports/Clock.js";
import type { ProductImport, ProductImportOptions } from "../ports/ProductImport.js";
import { type ImportLineError, ImportRejectedError } from "../shared/errors.js";
import type { InMemoryDatabase } from "./InMemoryDatabase.js";
import { InMemoryScope } from "./InMemoryScope.js";
import { InMemoryStockRows } from "./InMemoryStockRows.js";

/** Thrown inside the fake transaction to undo a dry run; carries its counts out. */
class DryRunDone extends Error {
  constructor(readonly counts: ImportCounts) {
    super("dry run");
  }
}

export class InMemoryProductImport implements ProductImport {
  private readonly scope: InMemoryScope;
  private readonly rows: InMemoryStockRows;

  constructor(
    private readonly db: InMemoryDatabase,
    clock: Clock,
  ) {
    this.scope = new InMemoryScope(db, true);
    this.rows = new InMemoryStockRows(this.scope, clock);
  }

  async apply(rows: readonly ImportedProduct[], options: ProductImportOptions): Promise<ImportCounts> {
    try {
      return await this.db.transaction(async () => {
        const counts = this.write(rows);
        if (options.dryRun) throw new DryRunDone(counts);
        return counts;
      });
    } catch (error) {
      if (error instanceof DryRunDone) return error.counts;
      throw error;
    }
  }

  private write(rows: readonly ImportedProduct[]): ImportCounts {
    const tables = this.db.tables;
    const errors: ImportLineError[] = [];
    for (const row of rows) {
      const warehouseId = row.stock?.warehouseId;
      if (warehouseId !== undefined && !tables.warehouses.has(warehouseId)) {
        errors.push({ line: row.line, field: "warehouse_id", error: `warehouse ${warehouseId} not found` });
      }
    }
    if (errors.length > 0) throw new ImportRejectedError(errors);

    const bySku = new Map([...tables.products.values()].map((p) => [p.sku, p]));
    const done = new Set<string>();
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    let stockSet = 0;
    for (const row of rows) {
      let product = bySku.get(row.sku);
      if (!done.has(row.sku)) {
        done.add(row.sku);
        if (product === undefined) {
          product = this.db.addProduct({ sku: row.sku, name: row.name, priceCents: row.priceCents });
          bySku.set(row.sku, product);
          created++;
        } else if (product.name !== row.name || product.priceCents !== row.priceCents) {
          product = { ...product, name: row.name, priceCents: row.priceCents };
          tables.products.set(product.id, product);
          updated++;
        } else {
          unchanged++;
        }
      }
      if (row.stock === null || product === undefined) continue;
      const level = this.rows.row(row.stock.warehouseId, product.id);
      if (row.stock.onHand < level.reserved) {
        errors.push({ line: row.line, field: "on_hand", error: `is below the ${level.reserved} units reserved` });
        continue;
      }
      stockSet++;
      const delta = row.stock.onHand - level.onHand;
      if (delta !== 0) {
        this.rows.apply({
          kind: "adjust",
          warehouseId: row.stock.warehouseId,
          productId: product.id,
          onHandDelta: delta,
          reservedDelta: 0,
        });
      }
    }
    if (errors.length > 0) throw new ImportRejectedError(errors);
    return { created, updated, unchanged, stockSet };
  }
}
