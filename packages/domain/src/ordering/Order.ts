import { OrderNotCancellableError, OrderNotPayableError } from "../shared/errors.js";

export const ORDER_STATUSES = ["pending", "paid", "expired", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** The statuses a pending order can move to; no other move exists. */
export type ClosedOrderStatus = Exclude<OrderStatus, "pending">;

/** One reserved line: a quantity of a product held in one warehouse at a fixed unit price. */
export interface OrderLine {
  readonly productId: number;
  readonly warehouseId: number;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface Order {
  readonly id: number;
  readonly userId: number;
  readonly status: OrderStatus;
  readonly totalCents: number;
  readonly lines: readonly OrderLine[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** When the order left `pending` (paid, expired or cancelled); null while pending. */
  readonly closedAt: Date | null;
}

export const isOverdue = (order: Pick<Order, "expiresAt">, now: Date): boolean =>
  now.getTime() >= order.expiresAt.getTime();

/** An order that has left `pending`: what the transitions below answer. */
export interface ClosedOrder extends Order {
  readonly status: ClosedOrderStatus;
  readonly closedAt: Date;
}

/**
 * "Only a pending order moves, and only once": the one place that says so. The transitions below
 * and the fakes ask it; the Postgres adapter enforces the same rule atomically in SQL
 * (`WHERE status = 'pending'`), under concurrency.
 */
export const isPending = (order: Pick<Order, "status">): boolean => order.status === "pending";

const closed = (order: Order, status: ClosedOrderStatus, at: Date): ClosedOrder => ({
  ...order,
  status,
  closedAt: at,
});

/**
 * Pays a pending order, or throws OrderNotPayableError. At or after expiresAt the order expires
 * instead (a late payment fails even if no worker has expired it yet): the caller checks the status.
 */
export function payOrder(order: Order, at: Date): ClosedOrder {
  if (!isPending(order)) throw new OrderNotPayableError(order.id, order.status);
  return closed(order, isOverdue(order, at) ? "expired" : "paid", at);
}

/** Cancels a pending order, or throws OrderNotCancellableError. */
export function cancelOrder(order: Order, at: Date): ClosedOrder {
  if (!isPending(order)) throw new OrderNotCancellableError(order.id, order.status);
  return closed(order, "cancelled", at);
}

/**
 * Expires a pending order. Expiry callers only pick pending orders (and report the others as
 * not pending), so a closed one here is a bug, not an answer for a client: a plain Error.
 */
export function expireOrder(order: Order, at: Date): ClosedOrder {
  if (!isPending(order)) throw new Error(`order ${order.id} is ${order.status}, only a pending order can expire`);
  return closed(order, "expired", at);
}
