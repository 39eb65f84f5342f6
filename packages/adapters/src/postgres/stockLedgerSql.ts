// The SQL text of the stock writes no order makes: transfers and adjustments, one statement each.
// Why every stock column is set from the locked values: see the note at the top of reservationSql.ts.

/**
 * A transfer in one statement: both rows locked in warehouse order, the source checked, then the
 * transfer row, both stock changes and both ledger rows written only when the source had enough.
 */
export const TRANSFER_SQL = `
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

export const ADJUST_UP_SQL = `
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

export const ADJUST_DOWN_SQL = `
  WITH s AS (
    UPDATE warehouse_stock SET on_hand = on_hand + $3::integer
    WHERE warehouse_id = $1::bigint AND product_id = $2::bigint AND on_hand + $3::integer >= reserved
    RETURNING warehouse_id
  ), ledger AS (
    INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta)
    SELECT 'adjust', $1::bigint, $2::bigint, $3::integer, 0 FROM s
  )
  SELECT count(*) AS n FROM s`;
