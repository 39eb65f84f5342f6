// The SQL text of checkout's write and of settling and releasing reservations, one statement each.

export type LineMove = "release" | "sale";

/*
 * Statements that lock rows in one CTE (FOR UPDATE) and write them in another (here, and the transfer in
 * stockLedgerSql.ts) set EVERY stock
 * column from the locked values (`k.on_hand`, `k.reserved`), never from the updated row's own.
 * All parts of a WITH share one snapshot: FOR UPDATE waits for and returns the newest row version,
 * but the UPDATE scans the version in the snapshot, which may be older. Postgres builds the new row
 * from that version (columns not in SET included) and checks it against CHECK constraints before it
 * finds the row was updated since and redoes the row on the newest version (EvalPlanQual). So a new
 * row built from a stale `s.reserved` could fail warehouse_stock_reserved_within_on_hand (23514) even
 * though the row finally written would pass. Built from the locked values, the row checked is the
 * row written (test/stockContention.postgres.test.ts shows the failure). One guarded UPDATE, which judges and
 * builds on the same version, and INSERT ... ON CONFLICT DO UPDATE, which locks the newest version
 * before building, are not affected.
 */

/**
 * The CTE `locked`: the stock rows `source` names (by its warehouse_id and product_id), locked in
 * (warehouse_id, product_id) order, so concurrent multi-row writes cannot deadlock. Each statement
 * then builds every new row from these locked values (see above).
 */
const lockedRows = (source: string) => `locked AS MATERIALIZED (
    SELECT s.warehouse_id, s.product_id, s.on_hand, s.reserved
    FROM warehouse_stock s
    WHERE (s.warehouse_id, s.product_id) IN (SELECT warehouse_id, product_id FROM ${source})
    ORDER BY s.warehouse_id, s.product_id
    FOR UPDATE
  )`;

/** Per kind: what each line does to on_hand and reserved, and when a line may move. */
export const MOVES: Record<LineMove, { onHand: number; reserved: number; guard: string }> = {
  release: { onHand: 0, reserved: -1, guard: "c.reserved >= c.quantity" },
  sale: { onHand: -1, reserved: -1, guard: "c.reserved >= c.quantity AND c.on_hand >= c.quantity" },
};

/**
 * Moves every line of a multi-line release or sale or none, in ONE statement, so rows stay locked for one round trip:
 * the rows are locked in (warehouse_id, product_id) order first (concurrent multi-line writes
 * cannot deadlock), every line is checked against the locked values, and only when all pass
 * are the rows updated and the ledger rows written ($8: the actor). Answers how many rows moved: all of them, or 0.
 */
const moveLinesSql = (guard: string) => `
  WITH l AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::integer[])
      WITH ORDINALITY AS l (warehouse_id, product_id, quantity, ord)
  ), ${lockedRows("l")}, c AS (
    SELECT l.warehouse_id, l.product_id, l.quantity, l.ord,
           coalesce(k.on_hand, 0) AS on_hand, coalesce(k.reserved, 0) AS reserved
    FROM l
    LEFT JOIN locked k ON k.warehouse_id = l.warehouse_id AND k.product_id = l.product_id
  ), verdict AS (
    SELECT bool_and(${guard}) AS ok FROM c
  ), moved AS (
    UPDATE warehouse_stock s
    SET on_hand = c.on_hand + $4::integer * c.quantity, reserved = c.reserved + $5::integer * c.quantity
    FROM c, verdict v
    WHERE v.ok AND s.warehouse_id = c.warehouse_id AND s.product_id = c.product_id
    RETURNING s.warehouse_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id, actor_user_id)
    SELECT $6::text, c.warehouse_id, c.product_id, $4::integer * c.quantity, $5::integer * c.quantity, $7::bigint,
           $8::bigint
    FROM c, verdict v WHERE v.ok
    ORDER BY c.ord
  )
  SELECT count(*) AS moved FROM moved`;

/**
 * Checkout of one line (most checkouts), in ONE autocommit statement: the guarded UPDATE takes
 * the hot row's lock and re-checks the guard on its latest version, and only when it moved a row
 * are the order, its item and the ledger row written (all gated on it through `s` and `o`). The
 * lock is held for this one statement, not across round trips. On failure `free` says what the
 * statement's snapshot saw, which may be older than the row the guard refused (a lost race).
 */
export const RESERVE_ORDER_ONE_SQL = `
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
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id, actor_user_id)
    SELECT 'reserve', $6::bigint, $5::bigint, 0, $7::integer, o.id, $1::bigint FROM o
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
export const RESERVE_ORDER_MANY_SQL = `
  WITH l AS (
    SELECT * FROM unnest($5::bigint[], $6::bigint[], $7::integer[], $8::bigint[])
      WITH ORDINALITY AS l (product_id, warehouse_id, quantity, unit_price_cents, line_no)
  ), need AS (
    SELECT warehouse_id, product_id, sum(quantity)::integer AS quantity, min(line_no) AS first_line
    FROM l GROUP BY warehouse_id, product_id
  ), ${lockedRows("need")}, c AS (
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
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id, actor_user_id)
    SELECT 'reserve', c.warehouse_id, c.product_id, 0, c.quantity, o.id, $1::bigint
    FROM o, c ORDER BY c.first_line
  )
  SELECT (SELECT id FROM o) AS id, c.warehouse_id, c.product_id, c.quantity, c.free
  FROM c ORDER BY c.first_line`;

/**
 * Checkout of a batch of orders (Reservations.placeMany) in ONE autocommit statement: the function
 * reserve_orders (migrations/007_checkout_batches.up.sql, where the statement and its rules are
 * written out) locks the batch's customers, then the stock rows, judges the orders one at a time
 * in the order given and writes the placed ones, each hot row once. One row per order, in order:
 * its id, or the limit that refused it (refused_by 1 stock row, 2 units per customer, 3 orders).
 */
export const RESERVE_ORDERS_SQL = `
  SELECT ord, id, refused_by, a, b, requested, left_over
  FROM reserve_orders($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::bigint[],
                      $6::bigint[], $7::bigint[], $8::integer[], $9::bigint[], $10::bigint, $11::bigint)`;

/** Release or sale of one line: reserved units leave the row, whatever the warehouse status; $7 is the actor. */
export const SETTLE_ONE_SQL = `
  WITH s AS (
    UPDATE warehouse_stock s
    SET on_hand = s.on_hand + $5::integer * $3::integer, reserved = s.reserved - $3::integer
    WHERE s.warehouse_id = $1::bigint AND s.product_id = $2::bigint AND s.reserved >= $3::integer
    RETURNING s.warehouse_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id, actor_user_id)
    SELECT $6::text, $1::bigint, $2::bigint, $5::integer * $3::integer, -$3::integer, $4::bigint, $7::bigint FROM s
  )
  SELECT count(*) AS n FROM s`;

/**
 * Releases of many orders in one statement (the expiry sweep): the demand is summed per
 * (warehouse, product), those rows are locked in that global order and checked, and only when all
 * pass is each row updated once, with one ledger row per order line, in the order given. Only the
 * worker sweeps: the rows name no actor (actor_user_id NULL).
 */
export const RELEASE_MANY_SQL = `
  WITH l AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::integer[])
      WITH ORDINALITY AS l (order_id, warehouse_id, product_id, quantity, ord)
  ), need AS (
    SELECT warehouse_id, product_id, sum(quantity) AS quantity FROM l GROUP BY warehouse_id, product_id
  ), ${lockedRows("need")}, verdict AS (
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

export const MOVE_LINES_SQL: Record<LineMove, string> = {
  release: moveLinesSql(MOVES.release.guard),
  sale: moveLinesSql(MOVES.sale.guard),
};
