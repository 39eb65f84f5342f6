import type { WarehouseStatus } from "./Warehouse.js";

/** Stock of one product in one warehouse. Invariant: 0 <= reserved <= onHand. */
export interface StockLevel {
  readonly warehouseId: number;
  readonly productId: number;
  readonly warehouseStatus: WarehouseStatus;
  /** The warehouse's priority (lower serves first), so checkout plans from the levels alone. */
  readonly warehousePriority: number;
  readonly onHand: number;
  readonly reserved: number;
}

export const available = (level: Pick<StockLevel, "onHand" | "reserved">): number => level.onHand - level.reserved;

/** Most units one stock row may hold on hand (the column is a 32-bit integer). */
export const MAX_ON_HAND = 2_147_483_647;
