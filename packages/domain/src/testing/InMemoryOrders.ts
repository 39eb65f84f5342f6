import { type ClosedOrderStatus, isOverdue, isPending, type Order } from "../ordering/Order.js";
import type { OrderQuery, Orders } from "../ports/Orders.js";
import type { InMemoryScope } from "./InMemoryScope.js";

export class InMemoryOrders implements Orders {
  constructor(private readonly scope: InMemoryScope) {}

  async findById(id: number): Promise<Order | null> {
    return this.scope.tables.orders.get(id) ?? null;
  }

  async list(query: OrderQuery): Promise<Order[]> {
    return [...this.scope.tables.orders.values()]
      .filter(
        (o) =>
          (query.userId === undefined || o.userId === query.userId) &&
          (query.status === undefined || o.status === query.status) &&
          (query.afterId === undefined || o.id > query.afterId),
      )
      .sort((a, b) => a.id - b.id)
      .slice(0, query.limit);
  }

  lock(id: number): Promise<Order | null> {
    return this.findById(id);
  }

  async lockOverdue(now: Date, limit: number): Promise<Order[]> {
    return [...this.scope.tables.orders.values()]
      .filter((o) => isPending(o) && isOverdue(o, now))
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.id - b.id)
      .slice(0, limit);
  }

  close(id: number, status: ClosedOrderStatus, at: Date): Promise<void> {
    return this.scope.write(() => {
      const current = this.scope.tables.orders.get(id);
      // The transition was decided by the rule's owner (ordering/Order.ts); this refuses a stale one.
      if (current === undefined || !isPending(current)) throw new Error(`order ${id} is not pending`);
      this.scope.tables.orders.set(id, { ...current, status, closedAt: at });
    });
  }

  closeMany(ids: readonly number[], status: ClosedOrderStatus, at: Date): Promise<void> {
    return this.scope.write(() => {
      const orders = this.scope.tables.orders;
      // Every id is checked before any moves: all or none, like the one Postgres statement.
      const closing = new Map<number, Order>();
      for (const id of ids) {
        const current = orders.get(id);
        if (closing.has(id) || current === undefined || !isPending(current)) {
          throw new Error(`order ${id} is not pending`);
        }
        closing.set(id, current);
      }
      for (const order of closing.values()) orders.set(order.id, { ...order, status, closedAt: at });
    });
  }
}
