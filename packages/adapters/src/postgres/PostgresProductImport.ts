// The bulk import on PostgreSQL (pg and PGlite alike): one transaction, unnest-array statements in chunks.
import {
  type ImportCounts,
  type ImportedProduct,
  type ImportLineError,
  ImportRejectedError,
  MAX_IMPORT_ERRORS,
  type ProductImport,
  type ProductImportOptions,
  RETRY_POLICY,
} from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";
import { isTransientConflict } from "./toStorageError.js";

/**
 * The key of the transaction-scoped advisory lock every import takes first: imports run one at a
 * time, so two racing on the same SKUs end as one of them, never a mix per row.
 */
export const IMPORT_LOCK_KEY = 0x1a9_0b7;
/** Rows per statement: keeps each statement's arrays a few hundred KiB and its plan cheap. */
export const IMPORT_CHUNK_ROWS = 5_000;

// Locks the SKUs that exist (in SKU order), then upserts the chunk. A product whose name and price
// are already as imported is left alone (version kept): re-importing an export changes nothing.
// FOR NO KEY UPDATE (what the upsert's own UPDATE takes, as sku is not changed), not FOR UPDATE:
// a checkout holding a stock row takes FOR KEY SHARE on the product for its foreign keys, and must
// not wait for an import that waits for that stock row (a deadlock, measured with FOR UPDATE).
const UPSERT_PRODUCTS_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(sku, name, price_cents)
  ),
  existing AS (
    SELECT p.id, p.sku FROM products p WHERE p.sku = ANY($1::text[]) ORDER BY p.sku FOR NO KEY UPDATE
  ),
  upserted AS (
    INSERT INTO products (sku, name, price_cents)
    SELECT sku, name, price_cents FROM input ORDER BY sku
    ON CONFLICT (sku) DO UPDATE
      SET name = EXCLUDED.name, price_cents = EXCLUDED.price_cents,
          version = products.version + 1, updated_at = now()
      WHERE products.name IS DISTINCT FROM EXCLUDED.name
         OR products.price_cents IS DISTINCT FROM EXCLUDED.price_cents
    RETURNING id, sku, (xmax = 0) AS created
  )
  SELECT id, sku, created FROM upserted
  UNION ALL
  SELECT id, sku, NULL FROM existing WHERE sku NOT IN (SELECT sku FROM upserted)`;

// One statement per chunk. A row that does not exist yet is created with the count (reserved 0)
// and an adjust movement of +count; a count of 0 where no row is needs neither. An existing row
// is locked in (warehouse, product) order and judged on the locked values: a count below its
// reserved units is refused (the answer's rows with a line), else on_hand is set and an adjust of
// count - on_hand written where they differ. The locking read cannot see a row another transaction
// created after this statement began (its insert then finds the conflict and does nothing): such
// a line comes back as `missed` and runs again in a statement of its own.
const SET_COUNTS_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::integer[], $4::integer[])
      AS t(warehouse_id, product_id, count, line)
  ),
  created AS (
    INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand, reserved)
    SELECT warehouse_id, product_id, count, 0 FROM input WHERE count > 0
    ORDER BY warehouse_id, product_id
    ON CONFLICT (warehouse_id, product_id) DO NOTHING
    RETURNING warehouse_id, product_id, on_hand
  ),
  locked AS (
    SELECT ws.warehouse_id, ws.product_id, ws.on_hand, ws.reserved, i.count, i.line
    FROM warehouse_stock ws
    JOIN input i ON i.warehouse_id = ws.warehouse_id AND i.product_id = ws.product_id
    ORDER BY ws.warehouse_id, ws.product_id
    FOR UPDATE OF ws
  ),
  refused AS (SELECT line, reserved FROM locked WHERE count < reserved),
  changed AS (
    SELECT warehouse_id, product_id, count, count - on_hand AS delta FROM locked
    WHERE count <> on_hand AND NOT EXISTS (SELECT 1 FROM refused)
  ),
  moved AS (
    UPDATE warehouse_stock ws SET on_hand = c.count
    FROM changed c
    WHERE ws.warehouse_id = c.warehouse_id AND ws.product_id = c.product_id
  ),
  logged AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, actor_user_id, reason)
    SELECT 'adjust', warehouse_id, product_id, delta, 0, $5::bigint, 'import'
    FROM (
      SELECT warehouse_id, product_id, on_hand AS delta FROM created
      UNION ALL
      SELECT warehouse_id, product_id, delta FROM changed
    ) AS m
    ORDER BY warehouse_id, product_id
  )
  SELECT line, reserved, false AS missed FROM refused
  UNION ALL
  SELECT i.line, NULL, true FROM input i
  WHERE i.count > 0
    AND NOT EXISTS (SELECT 1 FROM locked l WHERE l.line = i.line)
    AND NOT EXISTS (SELECT 1 FROM created c WHERE c.warehouse_id = i.warehouse_id AND c.product_id = i.product_id)`;

/** Thrown inside the transaction to roll a dry run back; carries its counts out. */
class DryRunDone extends Error {
  constructor(readonly counts: ImportCounts) {
    super("dry run rolled back");
  }
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

interface StockLine {
  readonly line: number;
  readonly warehouseId: number;
  readonly productId: number;
  readonly onHand: number;
}

export class PostgresProductImport implements ProductImport {
  constructor(
    private readonly db: SqlRunner,
    private readonly chunkRows = IMPORT_CHUNK_ROWS,
    private readonly pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async apply(rows: readonly ImportedProduct[], options: ProductImportOptions): Promise<ImportCounts> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          const counts = await this.write(tx, rows, options.actorUserId);
          if (options.dryRun) throw new DryRunDone(counts);
          return counts;
        });
      } catch (error) {
        if (error instanceof DryRunDone) return error.counts;
        // A deadlock with a checkout (which locks stock rows only) rolls back all; run it again.
        if (attempt >= RETRY_POLICY.attempts || !isTransientConflict(error)) throw error;
        await this.pause(RETRY_POLICY.pauseMs(attempt, Math.random()));
      }
    }
  }

  private async write(tx: SqlRunner, rows: readonly ImportedProduct[], actorUserId: number): Promise<ImportCounts> {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [IMPORT_LOCK_KEY]);
    await this.checkWarehouses(tx, rows);

    // One product per SKU (a SKU repeats only to set stock in several warehouses, same name and price).
    const products = new Map<string, ImportedProduct>();
    for (const row of rows) if (!products.has(row.sku)) products.set(row.sku, row);
    const skus = [...products.keys()].sort();
    const ids = new Map<string, number>();
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const chunk of chunks(skus, this.chunkRows)) {
      const found = await tx.query<{ id: unknown; sku: string; created: boolean | null }>(UPSERT_PRODUCTS_SQL, [
        chunk,
        chunk.map((sku) => products.get(sku)?.name),
        chunk.map((sku) => products.get(sku)?.priceCents),
      ]);
      for (const r of found) {
        ids.set(r.sku, toSafeInteger(r.id));
        if (r.created === true) created++;
        else if (r.created === false) updated++;
        else unchanged++;
      }
    }

    const stock: StockLine[] = [];
    for (const row of rows) {
      if (row.stock === null) continue;
      const productId = ids.get(row.sku);
      if (productId === undefined) throw new Error(`import: no id for sku ${row.sku} after the upsert`);
      stock.push({ line: row.line, warehouseId: row.stock.warehouseId, productId, onHand: row.stock.onHand });
    }
    // The global lock order of stock rows: (warehouse, product), as checkout and transfers take them.
    stock.sort((a, b) => a.warehouseId - b.warehouseId || a.productId - b.productId);
    const refused: ImportLineError[] = [];
    for (const chunk of chunks(stock, this.chunkRows)) {
      let pending = chunk;
      for (let pass = 1; pending.length > 0; pass++) {
        if (pass > 3) throw new Error("import: stock rows kept appearing under the import; giving up");
        const result = await tx.query<{ line: unknown; reserved: unknown; missed: boolean }>(SET_COUNTS_SQL, [
          pending.map((s) => s.warehouseId),
          pending.map((s) => s.productId),
          pending.map((s) => s.onHand),
          pending.map((s) => s.line),
          actorUserId,
        ]);
        const missed = new Set<number>();
        for (const r of result) {
          const line = toSafeInteger(r.line);
          if (r.missed) missed.add(line);
          else
            refused.push({ line, field: "on_hand", error: `is below the ${toSafeInteger(r.reserved)} units reserved` });
        }
        pending = pending.filter((s) => missed.has(s.line));
      }
    }
    if (refused.length > 0) throw rejection(refused);
    return { created, updated, unchanged, stockSet: stock.length };
  }

  /** Every warehouse_id must name a stored warehouse (active or not); refused lines otherwise. */
  private async checkWarehouses(tx: SqlRunner, rows: readonly ImportedProduct[]): Promise<void> {
    const wanted = [...new Set(rows.flatMap((r) => (r.stock === null ? [] : [r.stock.warehouseId])))];
    if (wanted.length === 0) return;
    const found = await tx.query<{ id: unknown }>("SELECT id FROM warehouses WHERE id = ANY($1::bigint[])", [wanted]);
    const known = new Set(found.map((r) => toSafeInteger(r.id)));
    const errors: ImportLineError[] = [];
    for (const row of rows) {
      const id = row.stock?.warehouseId;
      if (id !== undefined && !known.has(id)) {
        errors.push({ line: row.line, field: "warehouse_id", error: `warehouse ${id} not found` });
      }
    }
    if (errors.length > 0) throw rejection(errors);
  }
}

/** The report of refused lines, in line order, listing at most MAX_IMPORT_ERRORS. */
function rejection(errors: ImportLineError[]): ImportRejectedError {
  errors.sort((a, b) => a.line - b.line);
  return new ImportRejectedError(errors.slice(0, MAX_IMPORT_ERRORS), errors.length);
}
