import type { StockLevel } from "../inventory/StockLevel.js";
import type { StockMovement } from "../inventory/StockMovement.js";
import type { Order } from "../ordering/Order.js";
import type { NewOrder } from "./Orders.js";

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
   * Checkout's write: stores `order` as a pending order with its lines and reserves every line
   * for it, all or nothing, and answers the stored order. Lines naming the same warehouse and
   * product are judged (and written to the ledger) as one. A line fails when its warehouse is not
   * active or has fewer units available than asked: the call then rejects with
   * InsufficientStockError for the first such line (naming that warehouse and what it had) and
   * writes nothing at all: no order, no lines, no reservation, no ledger row.
   */
  reserveOrder(order: NewOrder): Promise<Order>;

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
