export type MovementKind = "reserve" | "release" | "sale" | "transfer_out" | "transfer_in" | "adjust";

/**
 * One row of the stock ledger. Every change of on_hand or reserved writes one, in the same
 * transaction, so stock can always be re-derived from the ledger.
 */
export interface StockMovement {
  readonly id: number;
  readonly kind: MovementKind;
  readonly warehouseId: number;
  readonly productId: number;
  readonly onHandDelta: number;
  readonly reservedDelta: number;
  readonly orderId: number | null;
  readonly transferId: number | null;
  readonly createdAt: Date;
}

export interface ReplayedStock {
  readonly warehouseId: number;
  readonly productId: number;
  readonly onHand: number;
  readonly reserved: number;
}

/** Folds the ledger into the stock it implies, one entry per (warehouse, product). */
export function replayLedger(movements: readonly StockMovement[]): ReplayedStock[] {
  const totals = new Map<string, { warehouseId: number; productId: number; onHand: number; reserved: number }>();
  for (const m of movements) {
    const key = `${m.warehouseId}:${m.productId}`;
    const entry = totals.get(key) ?? { warehouseId: m.warehouseId, productId: m.productId, onHand: 0, reserved: 0 };
    entry.onHand += m.onHandDelta;
    entry.reserved += m.reservedDelta;
    totals.set(key, entry);
  }
  return [...totals.values()].sort((a, b) => a.warehouseId - b.warehouseId || a.productId - b.productId);
}
