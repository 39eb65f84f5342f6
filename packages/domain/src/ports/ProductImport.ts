// The write side of a bulk product import: upsert by SKU and stock counts, all in one transaction.
import type { ImportCounts, ImportedProduct } from "../catalog/ImportProducts.js";

export interface ProductImportOptions {
  /** The admin whose import it is: the actor of every ledger movement it writes. */
  readonly actorUserId: number;
  /** Run every check and count, then roll back: nothing is written. */
  readonly dryRun: boolean;
}

/**
 * Applies rows that passed every field rule (ImportProducts has parsed them, no SKU repeats for
 * one warehouse) in ONE transaction: products upserted by SKU (new: created active; existing:
 * name and price replaced, version + 1 when either changed), then each row's `stock` sets on_hand
 * to the count through an `adjust` movement with reason `import` (delta = count - locked on_hand).
 * Two imports never interleave: they run one after the other, so the end state is one of theirs.
 * Rejects with ImportRejectedError, writing nothing, when the stored state refuses rows (an unknown
 * warehouse, a count below that row's reserved units).
 */
export interface ProductImport {
  apply(rows: readonly ImportedProduct[], options: ProductImportOptions): Promise<ImportCounts>;
}
