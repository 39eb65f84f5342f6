// An admin books goods arriving at a warehouse: on_hand rises per line, with one ledger row each.
import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { UnitOfWork } from "../ports/UnitOfWork.js";
import { InvalidInputError, ProductNotFoundError, WarehouseNotFoundError } from "../shared/errors.js";
import { parseId, parseQuantity } from "../shared/values.js";
import { MAX_REFERENCE_LENGTH, parseMovementText } from "./StockMovement.js";

/** Most lines one receipt may list. */
export const MAX_RECEIPT_LINES = 1000;

export interface ReceiptLine {
  readonly productId: number;
  readonly quantity: number;
}

export interface ReceiveStockInput {
  readonly actor: Actor;
  readonly warehouseId: number;
  readonly lines: readonly ReceiptLine[];
  readonly reference?: string;
}

export interface StockReceipt {
  readonly receiptId: number;
  readonly warehouseId: number;
  readonly lines: readonly ReceiptLine[];
  readonly reference: string | null;
}

/**
 * Goods arrive: every line's quantity is added to on_hand in one warehouse, all lines or none,
 * with one `receive` ledger row per line naming the receipt, its reference and the admin. A
 * product may appear on one line only (a receipt with the same product twice is refused, not
 * merged: it is more likely a typing slip than two deliveries). The warehouse may be inactive:
 * goods arrive whatever checkout does.
 */
export class ReceiveStock {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(input: ReceiveStockInput): Promise<StockReceipt> {
    requireAdmin(input.actor, "receive stock");
    const warehouseId = parseId(input.warehouseId, "warehouse_id");
    const lines = parseReceiptLines(input.lines);
    const reference =
      input.reference === undefined ? null : parseMovementText(input.reference, "reference", MAX_REFERENCE_LENGTH);
    return this.unitOfWork.run(async (tx) => {
      if ((await tx.warehouses.findById(warehouseId)) === null) throw new WarehouseNotFoundError(warehouseId);
      const ids = lines.map((l) => l.productId);
      const found = new Set((await tx.products.findByIds(ids)).map((p) => p.id));
      const missing = ids.find((id) => !found.has(id));
      if (missing !== undefined) throw new ProductNotFoundError(missing);
      const receiptId = await tx.stock.receive({ warehouseId, lines, reference, actorUserId: input.actor.userId });
      return { receiptId, warehouseId, lines, reference };
    });
  }
}

function parseReceiptLines(value: unknown): ReceiptLine[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_RECEIPT_LINES) {
    throw new InvalidInputError("lines", `must list 1 to ${MAX_RECEIPT_LINES} lines`);
  }
  const seen = new Set<number>();
  return value.map((line: { productId?: unknown; quantity?: unknown }, i) => {
    const productId = parseId(line?.productId, `lines[${i}].product_id`);
    if (seen.has(productId)) {
      throw new InvalidInputError(`lines[${i}].product_id`, "names a product an earlier line already received");
    }
    seen.add(productId);
    return { productId, quantity: parseQuantity(line?.quantity, `lines[${i}].quantity`) };
  });
}
