import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { Catalog } from "../ports/Catalog.js";
import type { Warehouses } from "../ports/Warehouses.js";
import { WarehouseNotFoundError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import type { StockLevel } from "./StockLevel.js";
import type { Warehouse } from "./Warehouse.js";

export interface WarehouseStock {
  readonly warehouse: Warehouse;
  readonly levels: StockLevel[];
}

/** An admin reads one warehouse's on-hand and reserved units per product. */
export class GetWarehouseStock {
  constructor(
    private readonly warehouses: Warehouses,
    private readonly catalog: Catalog,
  ) {}

  async execute(input: { readonly actor: Actor; readonly warehouseId: number }): Promise<WarehouseStock> {
    requireAdmin(input.actor, "read warehouse stock");
    const warehouseId = parseId(input.warehouseId, "warehouse_id");
    const warehouse = await this.warehouses.findById(warehouseId);
    if (warehouse === null) throw new WarehouseNotFoundError(warehouseId);
    return { warehouse, levels: await this.catalog.levels({ warehouseId }) };
  }
}
