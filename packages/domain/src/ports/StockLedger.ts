import type { StockLevel } from "../inventory/StockLevel.js";
import type { StockMovement } from "../inventory/StockMovement.js";

/** A quantity of one product in one warehouse. */
export interface StockLine {
  readonly warehouseId: number;
  readonly productId: number;
  readonly quantity: number;
}

export interface StockTransfer {
  readonly fromWarehouseId: number;
  readonly toWarehouseId: number;
  readonly productId: number;
  readonly quantity: number;
}

/** The stock one order holds: what a batch release gives back for it. */
export interface OrderStock {
  readonly orderId: number;
  readonly lines: readonly StockLine[];
}

export interface StockQuery {
  readonly productIds?: readonly number[];
  readonly warehouseId?: number;
}

export interface MovementQuery {
  readonly productId?: number;
  readonly orderId?: number;
}

/**
 * Stock per (warehouse, product) and the movement ledger behind it. Every write is atomic,
 * keeps 0 <= reserved <= on_hand, and writes its ledger rows in the same transaction.
 * Writes that must commit with other writes run inside UnitOfWork.run.
 */
export interface StockLedger {
  /** Current levels, ordered by warehouse id then product id. */
  levels(query: StockQuery): Promise<StockLevel[]>;

  /**
   * Reserves every line for `orderId`, or none. A line fails when its warehouse is not active or
   * has fewer than `quantity` available: the call then rejects with InsufficientStockError
   * (naming that warehouse and what it had) and nothing is reserved.
   */
  reserve(orderId: number, lines: readonly StockLine[]): Promise<void>;

  /** Gives reserved units back (reservation expired or cancelled). */
  release(orderId: number, lines: readonly StockLine[]): Promise<void>;

  /**
   * `release` for many orders at once (the expiry sweep), all or none: the same ledger rows as
   * one release per order, in the order given, at a cost that does not grow with the orders.
   */
  releaseMany(reservations: readonly OrderStock[]): Promise<void>;

  /** Turns reserved units into a sale: on_hand and reserved both drop. */
  sell(orderId: number, lines: readonly StockLine[]): Promise<void>;

  /**
   * Moves available (not reserved) units between warehouses; rejects with InsufficientStockError
   * when the source has fewer available. Answers the new transfer's id.
   */
  transfer(transfer: StockTransfer): Promise<number>;

  /**
   * Changes on_hand by `onHandDelta` (receiving goods, stock counts). Rejects with
   * InsufficientStockError when that would take on_hand below reserved.
   */
  adjust(warehouseId: number, productId: number, onHandDelta: number): Promise<void>;

  /** Ledger rows in the order they were written. */
  movements(query: MovementQuery): Promise<StockMovement[]>;
}
