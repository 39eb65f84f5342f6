export const WAREHOUSE_STATUSES = ["active", "inactive"] as const;
export type WarehouseStatus = (typeof WAREHOUSE_STATUSES)[number];

export interface Warehouse {
  readonly id: number;
  readonly name: string;
  readonly status: WarehouseStatus;
  /** Lower serves first when checkout picks warehouses. */
  readonly priority: number;
}
