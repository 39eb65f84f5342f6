import {
  InsufficientStockError,
  type MovementKind,
  type MovementQuery,
  type NewOrder,
  type Order,
  type OrderLine,
  type OrderStock,
  type StockLedger,
  type StockLevel,
  type StockLine,
  type StockMovement,
  type StockQuery,
  type StockTransfer,
  type WarehouseStatus,
} from "@orders/domain";
import type { SqlRunner } from "./SqlRunner.js";
import { toSafeInteger } from "./toSafeInteger.js";

type LineMove = "release" | "sale";

/*
 * Statements that lock rows in one CTE (FOR UPDATE) and write them in another set EVERY stock
 * column from the locked values (`k.on_hand`, `k.reserved`), never from the updated row's own.
 * All parts of a WITH share one snapshot: FOR UPDATE waits for and returns the newest row version,
 * but the UPDATE scans the version in the snapshot, which may be older. Postgres builds the new row
 * from that version (columns not in SET included) and checks it against CHECK constraints before it
 * finds the row was updated since and redoes the row on the newest version (EvalPlanQual). So a new
 * row built from a stale `s.reserved` could fail warehouse_stock_reserved_within_on_hand (23514) even
 * though the row finally written would pass. Built from the locked values, the row checked is the
 * row written (issue 9; test/stockContention.postgres.test.ts). One guarded UPDATE, which judges and
 * builds on the same version, and INSERT ... ON CONFLICT DO UPDATE, which locks the newest version
 * before building, are not affected.
 */

/** Per kind: what each line does to on_hand and reserved, and when a line may move. */
const MOVES: Record<LineMove, { onHand: number; reserved: number; guard: string }> = {
  release: { onHand: 0, reserved: -1, guard: "c.reserved >= c.quantity" },
  sale: { onHand: -1, reserved: -1, guard: "c.reserved >= c.quantity AND c.on_hand >= c.quantity" },
};

/**
 * Moves every line of a multi-line release or sale or none, in ONE statement, so rows stay locked for one round trip:
 * the rows are locked in (warehouse_id, product_id) order first (concurrent multi-line writes
 * cannot deadlock), every line is checked against the locked values, and only when all pass
 * are the rows updated and the ledger rows written. The per-line facts come back for errors.
 */
const moveLinesSql = (guard: string) => `
  WITH l AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::integer[])
      WITH ORDINALITY AS l (warehouse_id, product_id, quantity, ord)
  ), locked AS MATERIALIZED (
    SELECT s.warehouse_id, s.product_id, s.on_hand, s.reserved
    FROM warehouse_stock s
    WHERE (s.warehouse_id, s.product_id) IN (SELECT warehouse_id, product_id FROM l)
    ORDER BY s.warehouse_id, s.product_id
    FOR UPDATE
  ), c AS (
    SELECT l.warehouse_id, l.product_id, l.quantity, l.ord,
           coalesce(k.on_hand, 0) AS on_hand, coalesce(k.reserved, 0) AS reserved,
           coalesce(w.status = 'active', false) AS active
    FROM l
    LEFT JOIN locked k ON k.warehouse_id = l.warehouse_id AND k.product_id = l.product_id
    LEFT JOIN warehouses w ON w.id = l.warehouse_id
  ), verdict AS (
    SELECT bool_and(${guard}) AS ok FROM c
  ), moved AS (
    UPDATE warehouse_stock s
    SET on_hand = c.on_hand + $4::integer * c.quantity, reserved = c.reserved + $5::integer * c.quantity
    FROM c, verdict v
    WHERE v.ok AND s.warehouse_id = c.warehouse_id AND s.product_id = c.product_id
    RETURNING s.warehouse_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id)
    SELECT $6::text, c.warehouse_id, c.product_id, $4::integer * c.quantity, $5::integer * c.quantity, $7::bigint
    FROM c, verdict v WHERE v.ok
    ORDER BY c.ord
  )
  SELECT c.warehouse_id, c.product_id, c.quantity, c.on_hand, c.reserved, c.active,
         (SELECT count(*) FROM moved) AS moved
  FROM c ORDER BY c.ord`;

/**
 * Checkout of one line (most checkouts), in ONE autocommit statement: the guarded UPDATE takes
 * the hot row's lock and re-checks the guard on its latest version, and only when it moved a row
 * are the order, its item and the ledger row written (all gated on it through `s` and `o`). The
 * lock is held for this one statement, not across round trips. On failure `free` says what the
 * statement's snapshot saw, which may be older than the row the guard refused (a lost race).
 */
const RESERVE_ORDER_ONE_SQL = `
  WITH s AS (
    UPDATE warehouse_stock s SET reserved = s.reserved + $7::integer
    FROM warehouses w
    WHERE s.warehouse_id = $6::bigint AND s.product_id = $5::bigint
      AND w.id = s.warehouse_id AND w.status = 'active'
      AND s.on_hand - s.reserved >= $7::integer
    RETURNING s.warehouse_id
  ), o AS (
    INSERT INTO orders (user_id, total_cents, created_at, expires_at)
    SELECT $1::bigint, $2::bigint, $3::timestamptz, $4::timestamptz FROM s
    RETURNING id
  ), items AS (
    INSERT INTO order_items (order_id, line_no, product_id, warehouse_id, quantity, unit_price_cents)
    SELECT o.id, 1, $5::bigint, $6::bigint, $7::integer, $8::bigint FROM o
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id)
    SELECT 'reserve', $6::bigint, $5::bigint, 0, $7::integer, o.id FROM o
  )
  SELECT (SELECT id FROM o) AS id,
         CASE WHEN EXISTS (SELECT 1 FROM s) THEN NULL ELSE coalesce((
           SELECT CASE WHEN w.status = 'active' THEN k.on_hand - k.reserved ELSE 0 END
           FROM warehouse_stock k JOIN warehouses w ON w.id = k.warehouse_id
           WHERE k.warehouse_id = $6::bigint AND k.product_id = $5::bigint), 0) END AS free`;

/**
 * Checkout of several lines in ONE autocommit statement. The demand is summed per (warehouse,
 * product) (a row may be updated only once per statement), those rows are locked in that global
 * order (concurrent checkouts cannot deadlock) and judged on their locked values; only when every
 * row passes is the order inserted, and the items (one per line), the stock updates and the
 * ledger rows (one per row, in first-line order) all hang off the new order's id, so a failed
 * verdict writes nothing. Every row's facts come back, in first-line order, for the error.
 */
const RESERVE_ORDER_MANY_SQL = `
  WITH l AS (
    SELECT * FROM unnest($5::bigint[], $6::bigint[], $7::integer[], $8::bigint[])
      WITH ORDINALITY AS l (product_id, warehouse_id, quantity, unit_price_cents, line_no)
  ), need AS (
    SELECT warehouse_id, product_id, sum(quantity)::integer AS quantity, min(line_no) AS first_line
    FROM l GROUP BY warehouse_id, product_id
  ), locked AS MATERIALIZED (
    SELECT s.warehouse_id, s.product_id, s.on_hand, s.reserved
    FROM warehouse_stock s
    WHERE (s.warehouse_id, s.product_id) IN (SELECT warehouse_id, product_id FROM need)
    ORDER BY s.warehouse_id, s.product_id
    FOR UPDATE
  ), c AS (
    SELECT n.warehouse_id, n.product_id, n.quantity, n.first_line, k.on_hand, k.reserved,
           CASE WHEN w.status = 'active' THEN coalesce(k.on_hand - k.reserved, 0) ELSE 0 END AS free
    FROM need n
    LEFT JOIN locked k ON k.warehouse_id = n.warehouse_id AND k.product_id = n.product_id
    LEFT JOIN warehouses w ON w.id = n.warehouse_id
  ), o AS (
    INSERT INTO orders (user_id, total_cents, created_at, expires_at)
    SELECT $1::bigint, $2::bigint, $3::timestamptz, $4::timestamptz
    WHERE (SELECT bool_and(c.free >= c.quantity) FROM c)
    RETURNING id
  ), items AS (
    INSERT INTO order_items (order_id, line_no, product_id, warehouse_id, quantity, unit_price_cents)
    SELECT o.id, l.line_no, l.product_id, l.warehouse_id, l.quantity, l.unit_price_cents FROM o, l
  ), moved AS (
    UPDATE warehouse_stock s SET on_hand = c.on_hand, reserved = c.reserved + c.quantity
    FROM c, o
    WHERE s.warehouse_id = c.warehouse_id AND s.product_id = c.product_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id)
    SELECT 'reserve', c.warehouse_id, c.product_id, 0, c.quantity, o.id
    FROM o, c ORDER BY c.first_line
  )
  SELECT (SELECT id FROM o) AS id, c.warehouse_id, c.product_id, c.quantity, c.free
  FROM c ORDER BY c.first_line`;

/** Release or sale of one line: reserved units leave the row, whatever the warehouse status. */
const SETTLE_ONE_SQL = `
  WITH s AS (
    UPDATE warehouse_stock s
    SET on_hand = s.on_hand + $5::integer * $3::integer, reserved = s.reserved - $3::integer
    WHERE s.warehouse_id = $1::bigint AND s.product_id = $2::bigint AND s.reserved >= $3::integer
    RETURNING s.warehouse_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id)
    SELECT $6::text, $1::bigint, $2::bigint, $5::integer * $3::integer, -$3::integer, $4::bigint FROM s
  )
  SELECT count(*) AS n FROM s`;

/**
 * Releases of many orders in one statement (the expiry sweep): the demand is summed per
 * (warehouse, product), those rows are locked in that global order and checked, and only when all
 * pass is each row updated once, with one ledger row per order line, in the order given.
 */
const RELEASE_MANY_SQL = `
  WITH l AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::integer[])
      WITH ORDINALITY AS l (order_id, warehouse_id, product_id, quantity, ord)
  ), need AS (
    SELECT warehouse_id, product_id, sum(quantity) AS quantity FROM l GROUP BY warehouse_id, product_id
  ), locked AS MATERIALIZED (
    SELECT s.warehouse_id, s.product_id, s.on_hand, s.reserved
    FROM warehouse_stock s
    WHERE (s.warehouse_id, s.product_id) IN (SELECT warehouse_id, product_id FROM need)
    ORDER BY s.warehouse_id, s.product_id
    FOR UPDATE
  ), verdict AS (
    SELECT bool_and(coalesce(k.reserved, 0) >= n.quantity) AS ok
    FROM need n LEFT JOIN locked k ON k.warehouse_id = n.warehouse_id AND k.product_id = n.product_id
  ), moved AS (
    UPDATE warehouse_stock s SET on_hand = k.on_hand, reserved = k.reserved - n.quantity
    FROM need n JOIN locked k ON k.warehouse_id = n.warehouse_id AND k.product_id = n.product_id, verdict v
    WHERE v.ok AND s.warehouse_id = n.warehouse_id AND s.product_id = n.product_id
    RETURNING s.warehouse_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id)
    SELECT 'release', l.warehouse_id, l.product_id, 0, -l.quantity, l.order_id
    FROM l, verdict v WHERE v.ok
    ORDER BY l.ord
  )
  SELECT (SELECT ok FROM verdict) AS ok, (SELECT count(*) FROM moved) AS moved`;

const MOVE_LINES_SQL: Record<LineMove, string> = {
  release: moveLinesSql(MOVES.release.guard),
  sale: moveLinesSql(MOVES.sale.guard),
};

interface CheckedLine {
  moved: unknown;
}

interface CheckedRow {
  id: unknown;
  warehouse_id: unknown;
  product_id: unknown;
  quantity: unknown;
  free: unknown;
}

/**
 * A transfer in one statement: both rows locked in warehouse order, the source checked, then the
 * transfer row, both stock changes and both ledger rows written only when the source had enough.
 */
const TRANSFER_SQL = `
  WITH locked AS MATERIALIZED (
    SELECT warehouse_id, on_hand, reserved
    FROM warehouse_stock
    WHERE product_id = $3::bigint AND warehouse_id IN ($1::bigint, $2::bigint)
    ORDER BY warehouse_id, product_id
    FOR UPDATE
  ), src AS (
    SELECT coalesce((SELECT on_hand - reserved FROM locked WHERE warehouse_id = $1::bigint), 0) AS free
  ), t AS (
    INSERT INTO transfers (from_warehouse_id, to_warehouse_id, product_id, quantity)
    SELECT $1::bigint, $2::bigint, $3::bigint, $4::integer FROM src WHERE src.free >= $4::integer
    RETURNING id
  ), out_row AS (
    UPDATE warehouse_stock s SET on_hand = k.on_hand - $4::integer, reserved = k.reserved
    FROM t, locked k
    WHERE k.warehouse_id = $1::bigint AND s.warehouse_id = $1::bigint AND s.product_id = $3::bigint
    RETURNING s.warehouse_id
  ), in_row AS (
    INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand, reserved)
    SELECT $2::bigint, $3::bigint, $4::integer, 0 FROM t
    ON CONFLICT (warehouse_id, product_id) DO UPDATE SET on_hand = warehouse_stock.on_hand + excluded.on_hand
    RETURNING warehouse_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, transfer_id)
    SELECT 'transfer_out', $1::bigint, $3::bigint, -$4::integer, 0, t.id FROM t
    UNION ALL
    SELECT 'transfer_in', $2::bigint, $3::bigint, $4::integer, 0, t.id FROM t
  )
  SELECT (SELECT id FROM t) AS transfer_id, (SELECT free FROM src) AS free`;

const ADJUST_UP_SQL = `
  WITH s AS (
    INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand, reserved)
    VALUES ($1::bigint, $2::bigint, $3::integer, 0)
    ON CONFLICT (warehouse_id, product_id) DO UPDATE SET on_hand = warehouse_stock.on_hand + excluded.on_hand
    RETURNING warehouse_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta)
    SELECT 'adjust', $1::bigint, $2::bigint, $3::integer, 0 FROM s
  )
  SELECT count(*) AS n FROM s`;

const ADJUST_DOWN_SQL = `
  WITH s AS (
    UPDATE warehouse_stock SET on_hand = on_hand + $3::integer
    WHERE warehouse_id = $1::bigint AND product_id = $2::bigint AND on_hand + $3::integer >= reserved
    RETURNING warehouse_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta)
    SELECT 'adjust', $1::bigint, $2::bigint, $3::integer, 0 FROM s
  )
  SELECT count(*) AS n FROM s`;

interface LevelRow {
  warehouse_id: unknown;
  product_id: unknown;
  on_hand: unknown;
  reserved: unknown;
  status: WarehouseStatus;
  priority: unknown;
}

interface MovementRow {
  id: unknown;
  kind: MovementKind;
  warehouse_id: unknown;
  product_id: unknown;
  on_hand_delta: unknown;
  reserved_delta: unknown;
  order_id: unknown;
  transfer_id: unknown;
  created_at: Date;
}

/** Lines naming the same warehouse and product count as one line with the summed quantity. */
function mergeLines(lines: readonly StockLine[]): StockLine[] {
  const merged = new Map<string, StockLine>();
  for (const line of lines) {
    const key = `${line.warehouseId}:${line.productId}`;
    merged.set(key, { ...line, quantity: (merged.get(key)?.quantity ?? 0) + line.quantity });
  }
  return [...merged.values()];
}

const nullableId = (value: unknown): number | null => (value === null ? null : toSafeInteger(value));

export class PostgresStockLedger implements StockLedger {
  constructor(private readonly db: SqlRunner) {}

  async levels(query: StockQuery): Promise<StockLevel[]> {
    const rows = await this.db.query<LevelRow>(
      `SELECT s.warehouse_id, s.product_id, s.on_hand, s.reserved, w.status, w.priority
       FROM warehouse_stock s JOIN warehouses w ON w.id = s.warehouse_id
       WHERE ($1::bigint[] IS NULL OR s.product_id = ANY($1::bigint[]))
         AND ($2::bigint IS NULL OR s.warehouse_id = $2::bigint)
       ORDER BY s.warehouse_id, s.product_id`,
      [query.productIds ?? null, query.warehouseId ?? null],
    );
    return rows.map((r) => ({
      warehouseId: toSafeInteger(r.warehouse_id),
      productId: toSafeInteger(r.product_id),
      warehouseStatus: r.status,
      warehousePriority: toSafeInteger(r.priority),
      onHand: toSafeInteger(r.on_hand),
      reserved: toSafeInteger(r.reserved),
    }));
  }

  async reserveOrder(order: NewOrder): Promise<Order> {
    const [only] = order.lines;
    const id =
      only !== undefined && order.lines.length === 1
        ? await this.reserveOrderOfOneLine(order, only)
        : await this.reserveOrderOfLines(order);
    return { ...order, lines: order.lines.map((l) => ({ ...l })), id, status: "pending", closedAt: null };
  }

  async release(orderId: number, lines: readonly StockLine[]): Promise<void> {
    await this.moveOrFail("release", orderId, lines);
  }

  async releaseMany(reservations: readonly OrderStock[]): Promise<void> {
    // Per order, lines naming the same row merge as in release, so the ledger rows match it.
    const lines = reservations.flatMap((r) => mergeLines(r.lines).map((l) => ({ ...l, orderId: r.orderId })));
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

  async sell(orderId: number, lines: readonly StockLine[]): Promise<void> {
    await this.moveOrFail("sale", orderId, lines);
  }

  async transfer(t: StockTransfer): Promise<number> {
    const [row] = await this.db.query<{ transfer_id: unknown; free: unknown }>(TRANSFER_SQL, [
      t.fromWarehouseId,
      t.toWarehouseId,
      t.productId,
      t.quantity,
    ]);
    if (row === undefined) throw new Error("transfer statement returned no row");
    if (row.transfer_id === null) {
      throw new InsufficientStockError(t.productId, t.quantity, toSafeInteger(row.free), t.fromWarehouseId);
    }
    return toSafeInteger(row.transfer_id);
  }

  async adjust(warehouseId: number, productId: number, onHandDelta: number): Promise<void> {
    const sql = onHandDelta >= 0 ? ADJUST_UP_SQL : ADJUST_DOWN_SQL;
    const [row] = await this.db.query<{ n: unknown }>(sql, [warehouseId, productId, onHandDelta]);
    if (toSafeInteger(row?.n) === 1) return;
    const [level] = await this.db.query<{ free: unknown }>(
      "SELECT on_hand - reserved AS free FROM warehouse_stock WHERE warehouse_id = $1 AND product_id = $2",
      [warehouseId, productId],
    );
    const free = level === undefined ? 0 : toSafeInteger(level.free);
    throw new InsufficientStockError(productId, -onHandDelta, free, warehouseId);
  }

  async movements(query: MovementQuery): Promise<StockMovement[]> {
    const rows = await this.db.query<MovementRow>(
      `SELECT id, kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id, transfer_id, created_at
       FROM stock_movements
       WHERE ($1::bigint IS NULL OR product_id = $1::bigint) AND ($2::bigint IS NULL OR order_id = $2::bigint)
       ORDER BY id`,
      [query.productId ?? null, query.orderId ?? null],
    );
    return rows.map((r) => ({
      id: toSafeInteger(r.id),
      kind: r.kind,
      warehouseId: toSafeInteger(r.warehouse_id),
      productId: toSafeInteger(r.product_id),
      onHandDelta: toSafeInteger(r.on_hand_delta),
      reservedDelta: toSafeInteger(r.reserved_delta),
      orderId: nullableId(r.order_id),
      transferId: nullableId(r.transfer_id),
      createdAt: new Date(r.created_at),
    }));
  }

  private async reserveOrderOfOneLine(order: NewOrder, line: OrderLine): Promise<number> {
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

  private async reserveOrderOfLines(order: NewOrder): Promise<number> {
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

  private async moveOrFail(kind: LineMove, orderId: number, lines: readonly StockLine[]): Promise<void> {
    const merged = mergeLines(lines);
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
      ]);
      if (toSafeInteger(row?.n) === 1) return;
      throw new Error(`stock check violated: cannot ${kind} order ${orderId}'s line`);
    }
    const checked = await this.moveLines(kind, merged, orderId);
    if (checked.some((c) => toSafeInteger(c.moved) === 0)) {
      throw new Error(`stock check violated: cannot ${kind} order ${orderId}'s lines`);
    }
  }

  private async moveLines(kind: LineMove, merged: readonly StockLine[], orderId: number): Promise<CheckedLine[]> {
    if (merged.length === 0) return [];
    const move = MOVES[kind];
    return this.db.query<CheckedLine>(MOVE_LINES_SQL[kind], [
      merged.map((l) => l.warehouseId),
      merged.map((l) => l.productId),
      merged.map((l) => l.quantity),
      move.onHand,
      move.reserved,
      kind,
      orderId,
    ]);
  }
}
