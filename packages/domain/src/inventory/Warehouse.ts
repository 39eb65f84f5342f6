export type WarehouseStatus = "active" | "inactive";
export const WAREHOUSE_STATUSES: readonly WarehouseStatus[] = ["active", "inactive"];

export interface Warehouse {
  readonly id: number;
  readonly name: string;
  readonly status: WarehouseStatus;
  /** Lower serves first when checkout picks warehouses. */
  readonly priority: number;
}
