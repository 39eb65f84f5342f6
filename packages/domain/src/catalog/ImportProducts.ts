// Bulk product import: every row judged by the catalog's own field rules, the whole input judged before one write.

import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import { MAX_ON_HAND } from "../inventory/StockLevel.js";
import type { ProductImport } from "../ports/ProductImport.js";
import { type ImportLineError, ImportRejectedError, InvalidInputError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import { parsePriceCents, parseProductName, parseSku } from "./Product.js";

/** Most rows one import may hold: bounds the memory one request holds before its transaction. */
export const MAX_IMPORT_ROWS = 100_000;
/** Most errors one report lists (error_count says how many there were). */
export const MAX_IMPORT_ERRORS = 1_000;
/** The columns of an import (and of an export), in the order an export writes them. */
export const IMPORT_COLUMNS = ["sku", "name", "price_cents", "warehouse_id", "on_hand"] as const;
/** The columns every import must have; warehouse_id and on_hand come together or not at all. */
export const REQUIRED_IMPORT_COLUMNS = ["sku", "name", "price_cents"] as const;

/** One row as read from a file, fields unparsed. Absent (undefined, null) stock fields mean no stock. */
export interface ImportRowInput {
  readonly line: number;
  readonly sku: unknown;
  readonly name: unknown;
  readonly price_cents: unknown;
  readonly warehouse_id?: unknown;
  readonly on_hand?: unknown;
}

/** One row that passed every field rule. */
export interface ImportedProduct {
  readonly line: number;
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  /** The count to set in one warehouse, or null to leave stock alone. */
  readonly stock: { readonly warehouseId: number; readonly onHand: number } | null;
}

export interface ImportCounts {
  /** New SKUs. */
  readonly created: number;
  /** Existing SKUs whose name or price changed (their version rose by one). */
  readonly updated: number;
  /** Existing SKUs already as imported (version kept). */
  readonly unchanged: number;
  /** Rows whose stock count was set (a movement is written where the count differed). */
  readonly stockSet: number;
}

export interface ImportReport extends ImportCounts {
  readonly dryRun: boolean;
}

export interface ImportProductsInput {
  readonly actor: Actor;
  /** The rows in file order. A reader may throw ImportRejectedError (bad syntax, bad header). */
  readonly rows: AsyncIterable<ImportRowInput> | Iterable<ImportRowInput>;
  readonly dryRun: boolean;
}

/** A stock count: a whole number from 0 to MAX_ON_HAND. */
export function parseOnHandCount(value: unknown, field = "on_hand"): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_ON_HAND) {
    throw new InvalidInputError(field, `must be a whole number from 0 to ${MAX_ON_HAND}`);
  }
  return value;
}

const absent = (value: unknown) => value === undefined || value === null;

/** The rule's own words, without the "field: " prefix the error message carries. */
function reasonOf(error: InvalidInputError, field: string): string {
  const prefix = `${field}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** Collects errors up to MAX_IMPORT_ERRORS and counts every one. */
class ErrorList {
  readonly listed: ImportLineError[] = [];
  count = 0;

  add(error: ImportLineError): void {
    this.count++;
    if (this.listed.length < MAX_IMPORT_ERRORS) this.listed.push(error);
  }
}

/** Parses one field with `rule`; on refusal records it and answers undefined. */
function field<T>(errors: ErrorList, line: number, name: string, value: unknown, rule: (v: unknown, f: string) => T) {
  try {
    return rule(value, name);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    errors.add({ line, field: name, error: reasonOf(error, name) });
    return undefined;
  }
}

/** Parses one row's fields, recording every refused field; null when any was refused. */
function parseRow(row: ImportRowInput, errors: ErrorList): ImportedProduct | null {
  const { line } = row;
  const before = errors.count;
  const sku = field(errors, line, "sku", row.sku, parseSku);
  const name = field(errors, line, "name", row.name, parseProductName);
  const priceCents = field(errors, line, "price_cents", row.price_cents, parsePriceCents);
  let stock: ImportedProduct["stock"] = null;
  if (absent(row.warehouse_id) && !absent(row.on_hand)) {
    errors.add({ line, field: "warehouse_id", error: "is required with on_hand" });
  } else if (!absent(row.warehouse_id) && absent(row.on_hand)) {
    errors.add({ line, field: "on_hand", error: "is required with warehouse_id" });
  } else if (!absent(row.warehouse_id)) {
    const warehouseId = field(errors, line, "warehouse_id", row.warehouse_id, parseId);
    const onHand = field(errors, line, "on_hand", row.on_hand, parseOnHandCount);
    if (warehouseId !== undefined && onHand !== undefined) stock = { warehouseId, onHand };
  }
  if (errors.count > before || sku === undefined || name === undefined || priceCents === undefined) return null;
  return { line, sku, name, priceCents, stock };
}

interface FirstSeen {
  readonly line: number;
  readonly name: string;
  readonly priceCents: number;
  /** The warehouses the SKU's lines set so far (null: a line without stock); usually one. */
  readonly warehouses: (number | null)[];
}

/**
 * A SKU may appear on several lines only to set its stock in several warehouses: each with another
 * warehouse_id, the same name and price. Anything else is refused on the later line.
 */
function checkRepeat(row: ImportedProduct, first: FirstSeen, errors: ErrorList): void {
  const warehouse = row.stock?.warehouseId ?? null;
  if (warehouse === null || first.warehouses.includes(warehouse) || first.warehouses.includes(null)) {
    const where = warehouse === null ? "" : ` for warehouse ${warehouse}`;
    errors.add({ line: row.line, field: "sku", error: `appears again${where} (first on line ${first.line})` });
    return;
  }
  first.warehouses.push(warehouse);
  if (row.name !== first.name) {
    errors.add({ line: row.line, field: "name", error: `differs from line ${first.line} for the same sku` });
  }
  if (row.priceCents !== first.priceCents) {
    errors.add({ line: row.line, field: "price_cents", error: `differs from line ${first.line} for the same sku` });
  }
}

/**
 * Admin: creates and updates products by SKU, and sets stock counts, from rows read off a file.
 * Every row is judged first (fields, repeats, the row limit); one refused row rejects the whole
 * import with ImportRejectedError and nothing is written. The port then applies all rows in one
 * transaction, or with `dryRun` checks them against the stored state and rolls back.
 */
export class ImportProducts {
  constructor(private readonly products: ProductImport) {}

  async execute(input: ImportProductsInput): Promise<ImportReport> {
    requireAdmin(input.actor, "import products");
    const errors = new ErrorList();
    const rows: ImportedProduct[] = [];
    const seen = new Map<string, FirstSeen>();
    let read = 0;
    try {
      for await (const raw of input.rows) {
        if (++read > MAX_IMPORT_ROWS) {
          errors.add({ line: raw.line, field: null, error: `more than ${MAX_IMPORT_ROWS} rows in one import` });
          break;
        }
        const row = parseRow(raw, errors);
        if (row === null) continue;
        const first = seen.get(row.sku);
        if (first === undefined) {
          seen.set(row.sku, {
            line: row.line,
            name: row.name,
            priceCents: row.priceCents,
            warehouses: [row.stock?.warehouseId ?? null],
          });
        } else {
          checkRepeat(row, first, errors);
        }
        rows.push(row);
      }
    } catch (error) {
      // The reader stopped (bad CSV syntax, a bad header): its errors follow those found so far.
      if (!(error instanceof ImportRejectedError)) throw error;
      for (const e of error.errors) errors.add(e);
    }
    if (errors.count > 0) {
      const byLine = errors.listed.sort((a, b) => a.line - b.line);
      throw new ImportRejectedError(byLine, errors.count);
    }
    const counts = await this.products.apply(rows, { actorUserId: input.actor.userId, dryRun: input.dryRun });
    return { ...counts, dryRun: input.dryRun };
  }
}
