// Stock writes that belong to no order (transfers, receipts, adjustments) and the movement ledger behind them.
import type { MovementKind, MovementReason, MovementRecord, StockMovement } from "../inventory/StockMovement.js";

export interface StockTransfer {
  readonly fromWarehouseId: number;
  readonly toWarehouseId: number;
  readonly productId: number;
  readonly quantity: number;
  /** The admin who moved it; null (or absent) for a library caller that names nobody. */
  readonly actorUserId?: number | null;
}

/** Goods arriving at one warehouse: one stock_receipts row and one `receive` movement per line. */
export interface NewStockReceipt {
  readonly warehouseId: number;
  /** One line per product (no product twice). */
  readonly lines: readonly { readonly productId: number; readonly quantity: number }[];
  readonly reference: string | null;
  readonly actorUserId: number | null;
}

/** Who adjusted and why: the ledger row's actor, reason and note. */
export interface AdjustmentRecord extends MovementRecord {
  readonly reason: MovementReason | null;
}

/** One (warehouse, product) row as a write left it. */
export interface StockRowLevel {
  readonly warehouseId: number;
  readonly productId: number;
  readonly onHand: number;
  readonly reserved: number;
}

/** Filters of the ledger; every one is optional. Rows come back by id, after `afterId`, at most `limit`. */
export interface MovementQuery {
  readonly warehouseId?: number;
  readonly productId?: number;
  readonly orderId?: number;
  readonly kind?: MovementKind;
  /** created_at >= since */
  readonly since?: Date;
  /** created_at < until */
  readonly until?: Date;
  readonly afterId?: number;
  readonly limit?: number;
}

/**
 * Stock per (warehouse, product) moved by operators, and the movement ledger every stock write
 * (these and Reservations') appends to. Every write is atomic, keeps 0 <= reserved <= on_hand <=
 * MAX_ON_HAND, judges on the locked row, and writes its ledger rows in the same transaction. Writes
 * that must commit with other writes run inside UnitOfWork.run.
 */
export interface StockLedger {
  /**
   * Moves available (not reserved) units between warehouses; rejects with InsufficientStockError
   * when the source has fewer available. Answers the new transfer's id.
   */
  transfer(transfer: StockTransfer): Promise<number>;

  /**
   * Adds every line's quantity to on_hand, all lines or none, and answers the new receipt's id.
   * Rejects with StockLimitError when a line would take on_hand above MAX_ON_HAND.
   */
  receive(receipt: NewStockReceipt): Promise<number>;

  /**
   * Changes on_hand by `onHandDelta`. Rejects with InsufficientStockError when that would take
   * on_hand below reserved (the locked row's), StockLimitError above MAX_ON_HAND. Without a
   * `record` the row names no actor and no reason: a system adjustment (seeding, tests, benches).
   */
  adjust(
    warehouseId: number,
    productId: number,
    onHandDelta: number,
    record?: AdjustmentRecord,
  ): Promise<StockRowLevel>;

  /**
   * Sets on_hand to a physical count, judged on the locked row: the ledger row's delta is
   * `counted - on_hand` as locked, never as read before. Rejects with InsufficientStockError when
   * `counted` is below the locked row's reserved.
   */
  count(warehouseId: number, productId: number, counted: number, record: AdjustmentRecord): Promise<StockRowLevel>;

  /** Ledger rows matching `query`, by id (the order they were written). */
  movements(query: MovementQuery): Promise<StockMovement[]>;
}
