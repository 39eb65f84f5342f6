// The stock ledger's rows (kinds, who and why) and the replay that folds them back into stock.
import { InvalidInputError } from "../shared/errors.js";

export const MOVEMENT_KINDS = [
  "reserve",
  "release",
  "sale",
  "transfer_out",
  "transfer_in",
  "receive",
  "adjust",
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Kinds only an admin's request writes: each such row names its actor (the audit checks it). */
export const ADMIN_MOVEMENT_KINDS: readonly MovementKind[] = ["receive", "adjust", "transfer_out", "transfer_in"];

/** Why an operator adjusted on_hand, as POST /stock/adjustments accepts it. */
export const ADJUSTMENT_REASONS = ["count", "damaged", "lost", "found", "correction"] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** Every reason a ledger row may carry: the adjustment reasons, and `import` for bulk imports. */
export const MOVEMENT_REASONS = [...ADJUSTMENT_REASONS, "import"] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

export const MAX_REFERENCE_LENGTH = 200;
export const MAX_NOTE_LENGTH = 1000;

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
  readonly receiptId: number | null;
  /** Whose request moved the stock: an admin, the customer who checked out, paid or cancelled; null for the worker. */
  readonly actorUserId: number | null;
  readonly reason: MovementReason | null;
  readonly reference: string | null;
  readonly note: string | null;
  readonly createdAt: Date;
}

/** Who and why, as an operator's move records it beside its deltas. */
export interface MovementRecord {
  readonly actorUserId: number | null;
  readonly reason?: MovementReason | null;
  readonly reference?: string | null;
  readonly note?: string | null;
}

export function parseAdjustmentReason(value: unknown): AdjustmentReason {
  const reason = ADJUSTMENT_REASONS.find((r) => r === value);
  if (reason === undefined) throw new InvalidInputError("reason", `must be one of ${ADJUSTMENT_REASONS.join(", ")}`);
  return reason;
}

export function parseMovementKind(value: unknown): MovementKind {
  const kind = MOVEMENT_KINDS.find((k) => k === value);
  if (kind === undefined) throw new InvalidInputError("kind", `must be one of ${MOVEMENT_KINDS.join(", ")}`);
  return kind;
}

/** A free-text field of a movement (a receipt's reference, an adjustment's note): 1 to `max` characters. */
export function parseMovementText(value: unknown, field: string, max: number): string {
  if (typeof value !== "string" || value.length < 1 || value.length > max) {
    throw new InvalidInputError(field, `must be a string of 1 to ${max} characters`);
  }
  return value;
}

export interface ReplayedStock {
  readonly warehouseId: number;
  readonly productId: number;
  readonly onHand: number;
  readonly reserved: number;
}

/** Folds the ledger into the stock it implies, one entry per (warehouse, product). */
export function replayLedger(
  movements: readonly Pick<StockMovement, "warehouseId" | "productId" | "onHandDelta" | "reservedDelta">[],
): ReplayedStock[] {
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
