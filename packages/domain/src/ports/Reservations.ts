// Checkout's write and its ends: the stock a pending order holds, placed, settled or released.
import type { StockLine } from "../inventory/StockLine.js";
import type { Order, OrderLine } from "../ordering/Order.js";

/** A pending order before it is stored: Reservations.placePending stores it with its reservation. */
export interface NewOrder {
  readonly userId: number;
  readonly totalCents: number;
  readonly lines: readonly OrderLine[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** The stock one order holds: what a batch release gives back for it. */
export interface OrderStock {
  readonly orderId: number;
  readonly lines: readonly StockLine[];
}

/**
 * The stock orders hold. Every write is atomic, keeps 0 <= reserved <= on_hand, writes its ledger
 * rows in the same transaction, and judges (and records) lines naming the same warehouse and
 * product as one (mergeStockLines). Writes that must commit with others run inside UnitOfWork.run.
 */
export interface Reservations {
  /**
   * Checkout's one write: stores `order` as a pending order with its lines and reserves every line
   * for it, all or nothing, and answers the stored order. A line fails when its warehouse is not
   * active or has fewer units available than asked: the call then rejects with
   * InsufficientStockError for the first such line (naming that warehouse and what it had) and
   * writes nothing at all: no order, no lines, no reservation, no ledger row.
   */
  placePending(order: NewOrder): Promise<Order>;

  /**
   * Turns an order's reserved units into a sale: on_hand and reserved both drop. The ledger rows
   * name `actorUserId` (the paying customer).
   */
  settle(orderId: number, lines: readonly StockLine[], actorUserId: number | null): Promise<void>;

  /**
   * Gives an order's reserved units back (reservation expired or cancelled). The ledger rows name
   * `actorUserId`: whoever cancelled, the payer whose late payment expired it, null for the worker.
   */
  release(orderId: number, lines: readonly StockLine[], actorUserId: number | null): Promise<void>;

  /**
   * `release` for many orders at once (the expiry sweep), all or none: the same ledger rows as
   * one release per order, in the order given, at a cost that does not grow with the orders.
   * Only the worker sweeps: the rows name no actor.
   */
  releaseMany(reservations: readonly OrderStock[]): Promise<void>;
}
