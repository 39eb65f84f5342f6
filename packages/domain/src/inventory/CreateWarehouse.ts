// An admin opens a warehouse: active unless told otherwise, served after the others unless given a priority.
import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { Warehouses } from "../ports/Warehouses.js";
import { parseNewWarehouse, type Warehouse, type WarehouseStatus } from "./Warehouse.js";

export interface CreateWarehouseInput {
  readonly actor: Actor;
  readonly name: string;
  readonly priority?: number;
  readonly status?: WarehouseStatus;
}

export class CreateWarehouse {
  constructor(private readonly warehouses: Warehouses) {}

  async execute(input: CreateWarehouseInput): Promise<Warehouse> {
    requireAdmin(input.actor, "create a warehouse");
    return this.warehouses.create(parseNewWarehouse(input));
  }
}
