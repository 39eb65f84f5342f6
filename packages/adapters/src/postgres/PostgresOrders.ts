import type { ClosedOrderStatus, Order, OrderLine, OrderQuery, OrderStatus, Orders } from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

interface OrderRow {
  id: unknown;
  user_id: unknown;
  status: OrderStatus;
  total_cents: unknown;
  created_at: Date;
  expires_at: Date;
  closed_at: Date | null;
  /** [product_id, warehouse_id, quantity, unit_price_cents] per line, in line order. */
  lines: unknown[][];
}

// One round trip per read: the lines come along as a JSON array.
const SELECT_ORDER = `
  SELECT o.id, o.user_id, o.status, o.total_cents, o.created_at, o.expires_at, o.closed_at,
         (SELECT coalesce(json_agg(json_build_array(i.product_id, i.warehouse_id, i.quantity, i.unit_price_cents)
                                   ORDER BY i.line_no), '[]'::json)
            FROM order_items i WHERE i.order_id = o.id) AS lines
  FROM orders o`;

function toOrder(row: OrderRow): Order {
  return {
    id: toSafeInteger(row.id),
    userId: toSafeInteger(row.user_id),
    status: row.status,
    totalCents: toSafeInteger(row.total_cents),
    lines: row.lines.map(
      ([productId, warehouseId, quantity, unitPriceCents]): OrderLine => ({
        productId: toSafeInteger(productId),
        warehouseId: toSafeInteger(warehouseId),
        quantity: toSafeInteger(quantity),
        unitPriceCents: toSafeInteger(unitPriceCents),
      }),
    ),
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    closedAt: row.closed_at === null ? null : new Date(row.closed_at),
  };
}

export class PostgresOrders implements Orders {
  constructor(private readonly db: SqlRunner) {}

  async findById(id: number): Promise<Order | null> {
    const [row] = await this.db.query<OrderRow>(`${SELECT_ORDER} WHERE o.id = $1`, [id]);
    return row === undefined ? null : toOrder(row);
  }

  async list(query: OrderQuery): Promise<Order[]> {
    const rows = await this.db.query<OrderRow>(
      `${SELECT_ORDER}
       WHERE ($1::bigint IS NULL OR o.user_id = $1)
         AND ($2::text IS NULL OR o.status = $2)
         AND ($3::bigint IS NULL OR o.id > $3)
       ORDER BY o.id LIMIT $4`,
      [query.userId ?? null, query.status ?? null, query.afterId ?? null, query.limit],
    );
    return rows.map(toOrder);
  }

  async lock(id: number): Promise<Order | null> {
    const [row] = await this.db.query<OrderRow>(`${SELECT_ORDER} WHERE o.id = $1 FOR UPDATE OF o`, [id]);
    return row === undefined ? null : toOrder(row);
  }

  async lockOverdue(now: Date, limit: number): Promise<Order[]> {
    // SKIP LOCKED: concurrent sweepers take disjoint batches instead of queueing on each other.
    const rows = await this.db.query<OrderRow>(
      `${SELECT_ORDER}
       WHERE o.status = 'pending' AND o.expires_at <= $1
       ORDER BY o.expires_at, o.id LIMIT $2
       FOR UPDATE OF o SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toOrder);
  }

  // close and closeMany store a move decided by ordering/Order.ts (payOrder, cancelOrder, expireOrder),
  // which owns "only a pending order moves, once". `status = 'pending'` below is not a second copy of
  // the rule to judge by: it is the atomic check that the locked row is still the order that rule saw.
  async close(id: number, status: ClosedOrderStatus, at: Date): Promise<void> {
    const rows = await this.db.query(
      `UPDATE orders SET status = $2, closed_at = $3, paid_at = CASE WHEN $2 = 'paid' THEN $3::timestamptz END
       WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, status, at],
    );
    if (rows.length === 0) throw new Error(`order ${id} is not pending`);
  }

  async closeMany(ids: readonly number[], status: ClosedOrderStatus, at: Date): Promise<void> {
    const distinct = new Set(ids);
    if (distinct.size < ids.length) throw new Error("an order is listed twice, so it is not pending the second time");
    if (ids.length === 0) return;
    // One statement, all or none: the orders are locked in id order (two batches cannot deadlock)
    // and moved only when every one of them is still pending.
    const [row] = await this.db.query<{ pending: unknown; moved: unknown }>(
      `WITH target AS MATERIALIZED (
         SELECT id FROM orders WHERE id = ANY($1::bigint[]) AND status = 'pending' ORDER BY id FOR UPDATE
       ), verdict AS (
         SELECT count(*) AS pending FROM target
       ), moved AS (
         UPDATE orders o
         SET status = $2, closed_at = $3, paid_at = CASE WHEN $2 = 'paid' THEN $3::timestamptz END
         FROM target t, verdict v
         WHERE v.pending = $4 AND o.id = t.id
         RETURNING o.id
       )
       SELECT (SELECT pending FROM verdict) AS pending, (SELECT count(*) FROM moved) AS moved`,
      [ids, status, at, ids.length],
    );
    if (toSafeInteger(row?.moved) !== ids.length) {
      throw new Error(`${ids.length - toSafeInteger(row?.pending)} of ${ids.length} orders are not pending`);
    }
  }
}
