import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { Warehouses } from "../ports/Warehouses.js";
import { InvalidInputError, WarehouseNotFoundError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import { WAREHOUSE_STATUSES, type Warehouse, type WarehouseStatus } from "./Warehouse.js";

export interface SetWarehouseStatusInput {
  readonly actor: Actor;
  readonly warehouseId: number;
  readonly status: WarehouseStatus;
}

/**
 * An admin switches a warehouse on or off. An inactive warehouse takes no new reservations and
 * no transfers, and its stock stops counting as available; reservations it already holds stay
 * valid and can still be paid.
 */
export class SetWarehouseStatus {
  constructor(private readonly warehouses: Warehouses) {}

  async execute(input: SetWarehouseStatusInput): Promise<Warehouse> {
    requireAdmin(input.actor, "change a warehouse's status");
    const warehouseId = parseId(input.warehouseId, "warehouse_id");
    if (!WAREHOUSE_STATUSES.includes(input.status)) {
      throw new InvalidInputError("status", `must be one of ${WAREHOUSE_STATUSES.join(", ")}`);
    }
    const updated = await this.warehouses.setStatus(warehouseId, input.status);
    if (updated === null) throw new WarehouseNotFoundError(warehouseId);
    return updated;
  }
}
