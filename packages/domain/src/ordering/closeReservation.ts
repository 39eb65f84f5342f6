import type { TransactionPorts } from "../ports/UnitOfWork.js";
import type { ClosedOrder } from "./Order.js";

/**
 * Stores a closed order (made by payOrder, cancelOrder or expireOrder) and what it means for its
 * stock: a sale for `paid`, a release of every reserved unit otherwise, its ledger rows naming
 * `actorUserId` (whose request closed it; null for the worker). Runs inside the unit of work that
 * locked the order.
 */
export async function closeReservation(
  tx: TransactionPorts,
  order: ClosedOrder,
  actorUserId: number | null,
): Promise<ClosedOrder> {
  if (order.status === "paid") await tx.reservations.settle(order.id, order.lines, actorUserId);
  else await tx.reservations.release(order.id, order.lines, actorUserId);
  await tx.orders.close(order.id, order.status, order.closedAt);
  return order;
}
