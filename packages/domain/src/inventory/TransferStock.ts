import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { UnitOfWork } from "../ports/UnitOfWork.js";
import {
  InvalidInputError,
  ProductNotFoundError,
  WarehouseInactiveError,
  WarehouseNotFoundError,
} from "../shared/errors.js";
import { parseId, parseQuantity } from "../shared/values.js";

export interface TransferStockInput {
  readonly actor: Actor;
  readonly fromWarehouseId: number;
  readonly toWarehouseId: number;
  readonly productId: number;
  readonly quantity: number;
}

export interface Transfer {
  readonly transferId: number;
  readonly fromWarehouseId: number;
  readonly toWarehouseId: number;
  readonly productId: number;
  readonly quantity: number;
}

/**
 * An admin moves available units of one product between two active warehouses. Reserved
 * units stay where they are. Both warehouses are held against a status change meanwhile.
 */
export class TransferStock {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(input: TransferStockInput): Promise<Transfer> {
    requireAdmin(input.actor, "transfer stock");
    const fromWarehouseId = parseId(input.fromWarehouseId, "from_warehouse_id");
    const toWarehouseId = parseId(input.toWarehouseId, "to_warehouse_id");
    const productId = parseId(input.productId, "product_id");
    const quantity = parseQuantity(input.quantity);
    if (fromWarehouseId === toWarehouseId) {
      throw new InvalidInputError("to_warehouse_id", "must differ from from_warehouse_id");
    }
    return this.unitOfWork.run(async (tx) => {
      const [product] = await tx.products.findByIds([productId]);
      if (product === undefined) throw new ProductNotFoundError(productId);
      const warehouses = await tx.warehouses.lock([fromWarehouseId, toWarehouseId]);
      for (const id of [fromWarehouseId, toWarehouseId]) {
        const warehouse = warehouses.find((w) => w.id === id);
        if (warehouse === undefined) throw new WarehouseNotFoundError(id);
        if (warehouse.status !== "active") throw new WarehouseInactiveError(id);
      }
      const transfer = { fromWarehouseId, toWarehouseId, productId, quantity };
      const transferId = await tx.stock.transfer({ ...transfer, actorUserId: input.actor.userId });
      return { transferId, ...transfer };
    });
  }
}
