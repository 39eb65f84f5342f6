import type { ClosedOrderStatus, Order, OrderStatus } from "../ordering/Order.js";
import type { Page } from "../shared/values.js";

export interface OrderQuery extends Page {
  readonly userId?: number;
  readonly status?: OrderStatus;
}

export interface Orders {
  findById(id: number): Promise<Order | null>;
  /** Orders by id, filtered, keyset-paginated. */
  list(query: OrderQuery): Promise<Order[]>;
  /**
   * Reads an order and holds it until the enclosing unit of work ends, so pay, cancel and
   * expiry of one order run one after another. Only meaningful inside UnitOfWork.run.
   */
  lock(id: number): Promise<Order | null>;
  /**
   * Locks up to `limit` pending orders whose expiresAt <= now, oldest first, skipping orders
   * another unit of work holds. Only meaningful inside UnitOfWork.run.
   */
  lockOverdue(now: Date, limit: number): Promise<Order[]>;
  /**
   * Stores a pending order's move to `status` (decided by payOrder, cancelOrder or expireOrder in
   * ordering/Order.ts). Rejects, moving nothing, when the stored order is no longer pending.
   */
  close(id: number, status: ClosedOrderStatus, at: Date): Promise<void>;
  /**
   * `close` for many orders at once (the expiry sweep), all or none: rejects, moving nothing,
   * when any id is not a pending order or is listed twice.
   */
  closeMany(ids: readonly number[], status: ClosedOrderStatus, at: Date): Promise<void>;
}
