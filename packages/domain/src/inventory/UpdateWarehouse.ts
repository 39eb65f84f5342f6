// An admin renames a warehouse or changes its priority; the next checkout plans with the new priority.
import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { Warehouses } from "../ports/Warehouses.js";
import { WarehouseNotFoundError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import { parseWarehouseChanges, type Warehouse } from "./Warehouse.js";

export interface UpdateWarehouseInput {
  readonly actor: Actor;
  readonly warehouseId: number;
  readonly name?: string;
  readonly priority?: number;
}

export class UpdateWarehouse {
  constructor(private readonly warehouses: Warehouses) {}

  async execute(input: UpdateWarehouseInput): Promise<Warehouse> {
    requireAdmin(input.actor, "change a warehouse");
    const warehouseId = parseId(input.warehouseId, "warehouse_id");
    const updated = await this.warehouses.update(warehouseId, parseWarehouseChanges(input));
    if (updated === null) throw new WarehouseNotFoundError(warehouseId);
    return updated;
  }
}
