// The SQL text of the stock writes no order makes: transfers, receipts and adjustments, one statement each.
// Why every stock column is set from the locked values: see the note at the top of reservationSql.ts.
import { MAX_ON_HAND } from "@orders/domain";

/** The most a row may hold, as SQL (on_hand is a 32-bit integer: sums are judged as bigint first). */
const MAX = `${MAX_ON_HAND}::bigint`;

/**
 * A transfer in one statement: both rows locked in warehouse order, the source checked (enough
 * available) and the destination (room below MAX_ON_HAND), then the transfer row, both stock
 * changes and both ledger rows (naming the admin, $5) written only when both pass.
 */
export const TRANSFER_SQL = `
  WITH locked AS MATERIALIZED (
    SELECT warehouse_id, on_hand, reserved
    FROM warehouse_stock
    WHERE product_id = $3::bigint AND warehouse_id IN ($1::bigint, $2::bigint)
    ORDER BY warehouse_id, product_id
    FOR UPDATE
  ), src AS (
    SELECT coalesce((SELECT on_hand - reserved FROM locked WHERE warehouse_id = $1::bigint), 0) AS free,
           coalesce((SELECT on_hand FROM locked WHERE warehouse_id = $2::bigint), 0) AS dest_on_hand
  ), t AS (
    INSERT INTO transfers (from_warehouse_id, to_warehouse_id, product_id, quantity)
    SELECT $1::bigint, $2::bigint, $3::bigint, $4::integer FROM src
    WHERE src.free >= $4::integer AND src.dest_on_hand::bigint + $4::integer <= ${MAX}
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
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, transfer_id, actor_user_id)
    SELECT 'transfer_out', $1::bigint, $3::bigint, -$4::integer, 0, t.id, $5::bigint FROM t
    UNION ALL
    SELECT 'transfer_in', $2::bigint, $3::bigint, $4::integer, 0, t.id, $5::bigint FROM t
  )
  SELECT (SELECT id FROM t) AS transfer_id, src.free, src.dest_on_hand FROM src`;

/**
 * A receipt in one statement: the warehouse's rows of the received products ($2, one line per
 * product) are locked in (warehouse, product) order and judged (room below MAX_ON_HAND); only
 * when every line passes are the receipt row, every stock change and one `receive` ledger row
 * per line (in line order, naming the receipt, its reference $4 and the admin $5) written.
 * Answers one row per line, in line order, with the on_hand it was judged on.
 */
export const RECEIVE_SQL = `
  WITH l AS (
    SELECT * FROM unnest($2::bigint[], $3::integer[]) WITH ORDINALITY AS l (product_id, quantity, ord)
  ), locked AS MATERIALIZED (
    SELECT s.product_id, s.on_hand
    FROM warehouse_stock s
    WHERE s.warehouse_id = $1::bigint AND s.product_id IN (SELECT product_id FROM l)
    ORDER BY s.warehouse_id, s.product_id
    FOR UPDATE
  ), c AS (
    SELECT l.product_id, l.quantity, l.ord, coalesce(k.on_hand, 0) AS on_hand
    FROM l LEFT JOIN locked k ON k.product_id = l.product_id
  ), r AS (
    INSERT INTO stock_receipts (warehouse_id, reference, actor_user_id)
    SELECT $1::bigint, $4::text, $5::bigint
    WHERE (SELECT bool_and(c.on_hand::bigint + c.quantity <= ${MAX}) FROM c)
    RETURNING id
  ), moved AS (
    INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand, reserved)
    SELECT $1::bigint, c.product_id, c.quantity, 0 FROM c, r ORDER BY c.product_id
    ON CONFLICT (warehouse_id, product_id) DO UPDATE SET on_hand = warehouse_stock.on_hand + excluded.on_hand
  ), ledger AS (
    INSERT INTO stock_movements
      (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, receipt_id, actor_user_id, reference)
    SELECT 'receive', $1::bigint, c.product_id, c.quantity, 0, r.id, $5::bigint, $4::text
    FROM c, r ORDER BY c.ord
  )
  SELECT (SELECT id FROM r) AS receipt_id, c.product_id, c.quantity, c.on_hand FROM c ORDER BY c.ord`;

/**
 * An adjustment in one statement, by a delta ($3) or to a count ($4, the other one NULL): the row
 * is locked, the new on_hand is computed from the LOCKED on_hand (a count's delta is `count -
 * locked on_hand`, never a value read before) and judged against the locked reserved and
 * MAX_ON_HAND; only then are the row and one `adjust` ledger row (actor $5, reason $6, note $7)
 * written. A row that does not exist yet is inserted; when a concurrent write inserted it first,
 * nothing is written (`moved` 0 with `found` false) and the caller runs the statement again.
 */
export const ADJUST_SQL = `
  WITH locked AS MATERIALIZED (
    SELECT on_hand, reserved
    FROM warehouse_stock
    WHERE warehouse_id = $1::bigint AND product_id = $2::bigint
    FOR UPDATE
  ), c AS (
    SELECT coalesce(k.on_hand, 0) AS on_hand, coalesce(k.reserved, 0) AS reserved, k.on_hand IS NOT NULL AS found
    FROM (SELECT 1) AS one LEFT JOIN locked k ON true
  ), v AS (
    SELECT c.*, coalesce($4::bigint, c.on_hand::bigint + $3::bigint) AS next,
           coalesce($4::bigint, c.on_hand::bigint + $3::bigint) BETWEEN c.reserved AND ${MAX} AS ok
    FROM c
  ), updated AS (
    UPDATE warehouse_stock s SET on_hand = v.next::integer, reserved = v.reserved
    FROM v
    WHERE v.found AND v.ok AND s.warehouse_id = $1::bigint AND s.product_id = $2::bigint
    RETURNING s.warehouse_id
  ), inserted AS (
    INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand, reserved)
    SELECT $1::bigint, $2::bigint, v.next::integer, 0 FROM v WHERE NOT v.found AND v.ok
    ON CONFLICT (warehouse_id, product_id) DO NOTHING
    RETURNING warehouse_id
  ), moved AS (
    SELECT warehouse_id FROM updated UNION ALL SELECT warehouse_id FROM inserted
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, actor_user_id, reason, note)
    SELECT 'adjust', $1::bigint, $2::bigint, (v.next - v.on_hand)::integer, 0, $5::bigint, $6::text, $7::text
    FROM v, moved
  )
  SELECT (SELECT count(*) FROM moved) AS moved, v.found, v.ok, v.on_hand, v.reserved, v.next FROM v`;

/** Ledger rows by id, every filter optional ($8: the page size, NULL for all). */
export const MOVEMENTS_SQL = `
  SELECT id, kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id, transfer_id, receipt_id,
         actor_user_id, reason, reference, note, created_at
  FROM stock_movements
  WHERE ($1::bigint IS NULL OR warehouse_id = $1::bigint)
    AND ($2::bigint IS NULL OR product_id = $2::bigint)
    AND ($3::bigint IS NULL OR order_id = $3::bigint)
    AND ($4::text IS NULL OR kind = $4::text)
    AND ($5::timestamptz IS NULL OR created_at >= $5::timestamptz)
    AND ($6::timestamptz IS NULL OR created_at < $6::timestamptz)
    AND id > coalesce($7::bigint, 0)
  ORDER BY id
  LIMIT $8::integer`;
