import type { Warehouse, WarehouseStatus } from "../inventory/Warehouse.js";

export interface Warehouses {
  /** All warehouses ordered by priority, then id. */
  list(): Promise<Warehouse[]>;
  findById(id: number): Promise<Warehouse | null>;
  /** Sets the status and answers the updated warehouse, or null when it does not exist. */
  setStatus(id: number, status: WarehouseStatus): Promise<Warehouse | null>;
  /**
   * Reads the warehouses among `ids` and keeps their status from changing until the
   * enclosing unit of work ends. Only meaningful inside UnitOfWork.run.
   */
  lock(ids: readonly number[]): Promise<Warehouse[]>;
}
