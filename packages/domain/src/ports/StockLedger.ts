// Stock writes that belong to no order (transfers, adjustments) and the movement ledger behind them.
import type { StockMovement } from "../inventory/StockMovement.js";

export interface StockTransfer {
  readonly fromWarehouseId: number;
  readonly toWarehouseId: number;
  readonly productId: number;
  readonly quantity: number;
}

export interface MovementQuery {
  readonly productId?: number;
  readonly orderId?: number;
}

/**
 * Stock per (warehouse, product) moved by operators, and the movement ledger every stock write
 * (these and Reservations') appends to. Every write is atomic, keeps 0 <= reserved <= on_hand,
 * and writes its ledger rows in the same transaction. Writes that must commit with other writes
 * run inside UnitOfWork.run.
 */
export interface StockLedger {
  /**
   * Moves available (not reserved) units between warehouses; rejects with InsufficientStockError
   * when the source has fewer available. Answers the new transfer's id.
   */
  transfer(transfer: StockTransfer): Promise<number>;

  /**
   * Changes on_hand by `onHandDelta` (receiving goods, stock counts). Rejects with
   * InsufficientStockError when that would take on_hand below reserved. No use case calls it yet
   * (stock receipts and counts are planned); until then seeding, tests and benches do.
   */
  adjust(warehouseId: number, productId: number, onHandDelta: number): Promise<void>;

  /**
   * Ledger rows in the order they were written. No use case reads it yet (a planned
   * GET /stock/movements will); until then the audit, tests and benches do.
   */
  movements(query: MovementQuery): Promise<StockMovement[]>;
}
