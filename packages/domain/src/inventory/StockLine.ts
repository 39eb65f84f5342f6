// A quantity of one product in one warehouse, and the one rule for lines that name the same row.

/** A quantity of one product in one warehouse. */
export interface StockLine {
  readonly warehouseId: number;
  readonly productId: number;
  readonly quantity: number;
}

/** The key of one stock row, (warehouse, product): the one place that spells it. */
export const stockKey = (warehouseId: number, productId: number): string => `${warehouseId}:${productId}`;

/**
 * Lines naming the same warehouse and product count as one line with the summed quantity, in the
 * order each row first appears. Every reservation, settlement and release judges and records
 * merged lines (a stock row moves once per call), whatever stores them.
 */
export function mergeStockLines(lines: readonly StockLine[]): StockLine[] {
  const merged = new Map<string, StockLine>();
  for (const line of lines) {
    const key = stockKey(line.warehouseId, line.productId);
    merged.set(key, { ...line, quantity: (merged.get(key)?.quantity ?? 0) + line.quantity });
  }
  return [...merged.values()];
}
