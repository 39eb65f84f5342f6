// Reservations on PostgreSQL: checkout's one-statement write, settle and release, each all or nothing.
import {
  HoldLimitReachedError,
  type HoldLimits,
  InsufficientStockError,
  mergeStockLines,
  type NewOrder,
  type Order,
  type OrderLine,
  type OrderStock,
  type Placement,
  type Reservations,
  type StockLine,
} from "@orders/domain";
import {
  type LineMove,
  MOVE_LINES_SQL,
  MOVES,
  RELEASE_MANY_SQL,
  RESERVE_ORDER_MANY_SQL,
  RESERVE_ORDER_ONE_SQL,
  RESERVE_ORDERS_SQL,
  SETTLE_ONE_SQL,
} from "./reservationSql.js";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

interface CheckedRow {
  id: unknown;
  warehouse_id: unknown;
  product_id: unknown;
  quantity: unknown;
  free: unknown;
}

interface VerdictRow {
  ord: unknown;
  id: unknown;
  /** null: placed; 1: a stock row; 2: units of one product per customer; 3: orders per customer. */
  refused_by: unknown;
  a: unknown;
  b: unknown;
  requested: unknown;
  left_over: unknown;
}

export class PostgresReservations implements Reservations {
  constructor(private readonly db: SqlRunner) {}

  async placePending(order: NewOrder): Promise<Order> {
    const [only] = order.lines;
    const id =
      only !== undefined && order.lines.length === 1
        ? await this.placeOrderOfOneLine(order, only)
        : await this.placeOrderOfLines(order);
    return { ...order, lines: order.lines.map((l) => ({ ...l })), id, status: "pending", closedAt: null };
  }

  async placeMany(orders: readonly NewOrder[], limits: HoldLimits): Promise<Placement[]> {
    if (orders.length === 0) return [];
    const lines = orders.flatMap((o, i) => o.lines.map((l) => ({ ...l, ord: i + 1 })));
    const rows = await this.db.query<VerdictRow>(RESERVE_ORDERS_SQL, [
      orders.map((o) => o.userId),
      orders.map((o) => o.totalCents),
      orders.map((o) => o.createdAt.toISOString()),
      orders.map((o) => o.expiresAt.toISOString()),
      lines.map((l) => l.ord),
      lines.map((l) => l.productId),
      lines.map((l) => l.warehouseId),
      lines.map((l) => l.quantity),
      lines.map((l) => l.unitPriceCents),
      limits.maxPendingUnitsPerProduct,
      limits.maxPendingOrders,
    ]);
    if (rows.length !== orders.length)
      throw new Error(`checkout batch of ${orders.length} answered ${rows.length} rows`);
    return orders.map((order, i): Placement => {
      const row = rows[i] as VerdictRow;
      if (row.refused_by === null) {
        const id = toSafeInteger(row.id);
        return {
          placed: { ...order, lines: order.lines.map((l) => ({ ...l })), id, status: "pending", closedAt: null },
        };
      }
      const kind = toSafeInteger(row.refused_by);
      if (kind === 3) return { refused: new HoldLimitReachedError("pending_orders", limits.maxPendingOrders) };
      if (kind === 2) {
        const productId = toSafeInteger(row.b);
        return {
          refused: new HoldLimitReachedError("pending_units_per_product", limits.maxPendingUnitsPerProduct, productId),
        };
      }
      // The locked row had fewer units left than asked (after the batch's earlier orders).
      const requested = toSafeInteger(row.requested);
      const free = Math.max(0, toSafeInteger(row.left_over));
      return {
        refused: new InsufficientStockError(toSafeInteger(row.b), requested, free, toSafeInteger(row.a)),
      };
    });
  }

  async settle(orderId: number, lines: readonly StockLine[], actorUserId: number | null): Promise<void> {
    await this.moveOrFail("sale", orderId, lines, actorUserId);
  }

  async release(orderId: number, lines: readonly StockLine[], actorUserId: number | null): Promise<void> {
    await this.moveOrFail("release", orderId, lines, actorUserId);
  }

  async releaseMany(reservations: readonly OrderStock[]): Promise<void> {
    // Per order, lines naming the same row merge as in release, so the ledger rows match it.
    const lines = reservations.flatMap((r) => mergeStockLines(r.lines).map((l) => ({ ...l, orderId: r.orderId })));
    if (lines.length === 0) return;
    const [row] = await this.db.query<{ ok: boolean | null }>(RELEASE_MANY_SQL, [
      lines.map((l) => l.orderId),
      lines.map((l) => l.warehouseId),
      lines.map((l) => l.productId),
      lines.map((l) => l.quantity),
    ]);
    if (row?.ok !== true) {
      throw new Error(`stock check violated: cannot release the lines of ${reservations.length} orders`);
    }
  }

  private async placeOrderOfOneLine(order: NewOrder, line: OrderLine): Promise<number> {
    const params = [
      order.userId,
      order.totalCents,
      order.createdAt,
      order.expiresAt,
      line.productId,
      line.warehouseId,
      line.quantity,
      line.unitPriceCents,
    ];
    const [row] = await this.db.query<{ id: unknown; free: unknown }>(RESERVE_ORDER_ONE_SQL, params);
    if (row === undefined) throw new Error("checkout statement returned no row");
    if (row.id !== null) return toSafeInteger(row.id);
    // When the snapshot showed enough, a concurrent checkout took the units after it was taken
    // (a lost race): nothing was written, and this layer does not retry; PlaceOrder plans again
    // on fresh levels (RETRY_POLICY). The locked row had fewer than requested.
    const free = toSafeInteger(row.free);
    throw new InsufficientStockError(
      line.productId,
      line.quantity,
      Math.min(free, line.quantity - 1),
      line.warehouseId,
    );
  }

  private async placeOrderOfLines(order: NewOrder): Promise<number> {
    if (order.lines.length === 0) throw new Error("an order needs at least one line");
    const rows = await this.db.query<CheckedRow>(RESERVE_ORDER_MANY_SQL, [
      order.userId,
      order.totalCents,
      order.createdAt,
      order.expiresAt,
      order.lines.map((l) => l.productId),
      order.lines.map((l) => l.warehouseId),
      order.lines.map((l) => l.quantity),
      order.lines.map((l) => l.unitPriceCents),
    ]);
    const [first] = rows;
    if (first !== undefined && first.id !== null) return toSafeInteger(first.id);
    // Name the first line that could not be served, as the in-memory ledger does.
    for (const c of rows) {
      const free = toSafeInteger(c.free);
      const quantity = toSafeInteger(c.quantity);
      if (free < quantity) {
        throw new InsufficientStockError(toSafeInteger(c.product_id), quantity, free, toSafeInteger(c.warehouse_id));
      }
    }
    throw new Error("checkout failed with every line available");
  }

  private async moveOrFail(
    kind: LineMove,
    orderId: number,
    lines: readonly StockLine[],
    actorUserId: number | null,
  ): Promise<void> {
    const merged = mergeStockLines(lines);
    const [only] = merged;
    if (only !== undefined && merged.length === 1) {
      const onHandPerUnit = MOVES[kind].onHand;
      const [row] = await this.db.query<{ n: unknown }>(SETTLE_ONE_SQL, [
        only.warehouseId,
        only.productId,
        only.quantity,
        orderId,
        onHandPerUnit,
        kind,
        actorUserId,
      ]);
      if (toSafeInteger(row?.n) === 1) return;
      throw new Error(`stock check violated: cannot ${kind} order ${orderId}'s line`);
    }
    if (merged.length === 0) return;
    if ((await this.moveLines(kind, merged, orderId, actorUserId)) !== merged.length) {
      throw new Error(`stock check violated: cannot ${kind} order ${orderId}'s lines`);
    }
  }

  /** How many of the `merged` rows the one multi-line statement moved: all, or 0 when any line failed. */
  private async moveLines(
    kind: LineMove,
    merged: readonly StockLine[],
    orderId: number,
    actorUserId: number | null,
  ): Promise<number> {
    const move = MOVES[kind];
    const [row] = await this.db.query<{ moved: unknown }>(MOVE_LINES_SQL[kind], [
      merged.map((l) => l.warehouseId),
      merged.map((l) => l.productId),
      merged.map((l) => l.quantity),
      move.onHand,
      move.reserved,
      kind,
      orderId,
      actorUserId,
    ]);
    return toSafeInteger(row?.moved);
  }
}
