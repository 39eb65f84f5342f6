// Warehouses as the use cases need them: listed, found, created, changed and locked.
import type { NewWarehouse, Warehouse, WarehouseChanges, WarehouseStatus } from "../inventory/Warehouse.js";

export interface Warehouses {
  /** All warehouses ordered by priority, then id. */
  list(): Promise<Warehouse[]>;
  findById(id: number): Promise<Warehouse | null>;
  /**
   * Stores a new warehouse and answers it. Without a priority it gets one more than the highest
   * there is (0 for the first, at most MAX_WAREHOUSE_PRIORITY): it serves after every existing one.
   */
  create(warehouse: NewWarehouse): Promise<Warehouse>;
  /** Sets the changes and answers the updated warehouse, or null when it does not exist. */
  update(id: number, changes: WarehouseChanges): Promise<Warehouse | null>;
  /** Sets the status and answers the updated warehouse, or null when it does not exist. */
  setStatus(id: number, status: WarehouseStatus): Promise<Warehouse | null>;
  /**
   * Reads the warehouses among `ids` and keeps their status from changing until the
   * enclosing unit of work ends. Only meaningful inside UnitOfWork.run.
   */
  lock(ids: readonly number[]): Promise<Warehouse[]>;
}
