// An admin corrects on_hand by a delta or to a physical count, with a reason and an optional note.
import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { StockRowLevel } from "../ports/StockLedger.js";
import type { UnitOfWork } from "../ports/UnitOfWork.js";
import { InvalidInputError, ProductNotFoundError, WarehouseNotFoundError } from "../shared/errors.js";
import { MAX_QUANTITY, parseId } from "../shared/values.js";
import { MAX_ON_HAND } from "./StockLevel.js";
import { type AdjustmentReason, MAX_NOTE_LENGTH, parseAdjustmentReason, parseMovementText } from "./StockMovement.js";

export interface AdjustStockInput {
  readonly actor: Actor;
  readonly warehouseId: number;
  readonly productId: number;
  readonly reason: AdjustmentReason;
  /** Exactly one of `countedQuantity` (set on_hand to it) and `delta` (add it to on_hand). */
  readonly countedQuantity?: number;
  readonly delta?: number;
  readonly note?: string;
}

export const DELTA_MESSAGE = `must be a whole number from -${MAX_QUANTITY} to ${MAX_QUANTITY}, not 0`;
export const COUNTED_MESSAGE = `must be a whole number from 0 to ${MAX_ON_HAND}`;

/**
 * Sets on_hand to a count, or moves it by a delta, in one warehouse (active or not: counting is
 * often done with the warehouse switched off). Reserved units belong to customers: taking on_hand
 * below reserved is refused with InsufficientStockError. A count is judged on the row as locked
 * by the write, so checkouts racing it cannot make it remove reserved units.
 */
export class AdjustStock {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(input: AdjustStockInput): Promise<StockRowLevel> {
    requireAdmin(input.actor, "adjust stock");
    const warehouseId = parseId(input.warehouseId, "warehouse_id");
    const productId = parseId(input.productId, "product_id");
    const reason = parseAdjustmentReason(input.reason);
    const note = input.note === undefined ? null : parseMovementText(input.note, "note", MAX_NOTE_LENGTH);
    const change = parseChange(input);
    const record = { actorUserId: input.actor.userId, reason, note };
    return this.unitOfWork.run(async (tx) => {
      if ((await tx.warehouses.findById(warehouseId)) === null) throw new WarehouseNotFoundError(warehouseId);
      const [product] = await tx.products.findByIds([productId]);
      if (product === undefined) throw new ProductNotFoundError(productId);
      return "counted" in change
        ? tx.stock.count(warehouseId, productId, change.counted, record)
        : tx.stock.adjust(warehouseId, productId, change.delta, record);
    });
  }
}

function parseChange(input: AdjustStockInput): { readonly counted: number } | { readonly delta: number } {
  const { countedQuantity: counted, delta } = input;
  if ((counted === undefined) === (delta === undefined)) {
    throw new InvalidInputError("counted_quantity", "give exactly one of counted_quantity and delta");
  }
  if (counted !== undefined) {
    if (typeof counted !== "number" || !Number.isInteger(counted) || counted < 0 || counted > MAX_ON_HAND) {
      throw new InvalidInputError("counted_quantity", COUNTED_MESSAGE);
    }
    return { counted };
  }
  if (typeof delta !== "number" || !Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_QUANTITY) {
    throw new InvalidInputError("delta", DELTA_MESSAGE);
  }
  return { delta };
}
