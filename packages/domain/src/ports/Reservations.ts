// Checkout's write and its ends: the stock a pending order holds, placed, settled or released.
import type { StockLine } from "../inventory/StockLine.js";
import type { Order, OrderLine } from "../ordering/Order.js";
import type { HoldLimitReachedError, InsufficientStockError } from "../shared/errors.js";

/** A pending order before it is stored: Reservations.placePending stores it with its reservation. */
export interface NewOrder {
  readonly userId: number;
  readonly totalCents: number;
  readonly lines: readonly OrderLine[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** How much one customer may hold at once: pending units of one product, and pending orders. */
export interface HoldLimits {
  readonly maxPendingUnitsPerProduct: number;
  readonly maxPendingOrders: number;
}

/** One order's verdict in a batch: stored, or refused with the reason (nothing written for it). */
export type Placement =
  | { readonly placed: Order }
  | { readonly refused: InsufficientStockError | HoldLimitReachedError };

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
   * Checkout's coalesced write: judges `orders` one after the other, in the order given, against
   * the locked free units of each (warehouse, product) row and the customer's holds, and stores
   * each order that passes as placePending would, all in one transaction. An order passes when
   * every line fits the units still free after the earlier orders of the batch that passed, and
   * its customer would then hold at most `limits.maxPendingUnitsPerProduct` pending units of each
   * of its products and at most `limits.maxPendingOrders` pending orders (earlier orders of the
   * batch counted). A refused order writes nothing and takes nothing from later ones. Answers one
   * Placement per order, in the order given. Concurrent calls for the same customer serialize, so
   * the limits hold across processes. Rejects (and writes nothing at all) when the store fails.
   */
  placeMany(orders: readonly NewOrder[], limits: HoldLimits): Promise<Placement[]>;

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
