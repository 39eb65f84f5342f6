import type { TransactionPorts } from "../ports/UnitOfWork.js";
import type { ClosedOrderStatus, Order } from "./Order.js";

/**
 * Ends a locked pending order: a sale for `paid`, a release of every reserved unit otherwise.
 * Runs inside the unit of work that locked the order.
 */
export async function closeReservation(
  tx: TransactionPorts,
  order: Order,
  status: ClosedOrderStatus,
  at: Date,
): Promise<Order> {
  if (status === "paid") await tx.stock.sell(order.id, order.lines);
  else await tx.stock.release(order.id, order.lines);
  await tx.orders.close(order.id, status, at);
  return { ...order, status, closedAt: at };
}
