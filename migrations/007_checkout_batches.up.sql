-- Checkout batches (issue 13): what the coalesced checkout statement (RESERVE_ORDERS_SQL) reads and runs.

-- A customer's pending orders, read for the hold limits on every checkout: without it the planner
-- intersects orders_by_user with orders_pending_by_expires_at, which walks every pending order.
CREATE INDEX orders_pending_by_user ON orders (user_id) WHERE status = 'pending';

-- The batch's verdicts, one order at a time in arrival order. Limit i has capacity caps[i]; the
-- demands are (d_ord[k], d_i[k], d_q[k]): order d_ord[k] asks d_q[k] of limit d_i[k], sorted by
-- order and, within one order, in the order its limits are reported (the first one passed is named).
-- An order passes when every demand fits what the orders placed before it left of that limit, and
-- only then adds its demands to the sums; a refused order takes nothing. Answers one row per order
-- 1..n: the limit that refused it (NULL: placed) and what was left of that limit.
-- One pass over the demands: the cost grows with the batch, not with its square.
CREATE FUNCTION checkout_batch_verdicts(caps bigint[], d_ord bigint[], d_i integer[], d_q bigint[], n bigint)
RETURNS TABLE (ord bigint, why integer, left_over bigint)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  used bigint[] := array_fill(0::bigint, ARRAY[coalesce(array_length(caps, 1), 0)]);
  m integer := coalesce(array_length(d_ord, 1), 0);
  k integer := 1;
  first_k integer;
BEGIN
  FOR o IN 1..n LOOP
    first_k := k;
    why := NULL;
    left_over := NULL;
    WHILE k <= m AND d_ord[k] = o LOOP
      IF why IS NULL AND used[d_i[k]] + d_q[k] > caps[d_i[k]] THEN
        why := d_i[k];
        left_over := caps[d_i[k]] - used[d_i[k]];
      END IF;
      k := k + 1;
    END LOOP;
    IF why IS NULL THEN
      FOR j IN first_k .. k - 1 LOOP
        used[d_i[j]] := used[d_i[j]] + d_q[j];
      END LOOP;
    END IF;
    ord := o;
    RETURN NEXT;
  END LOOP;
END
$$;

-- order.created once per inserting statement, for all its orders (a transition table), instead of
-- once per order: a coalesced checkout inserts up to CHECKOUT_BATCH_MAX orders in one statement,
-- while it holds the hot stock row. Same events, in order id order.
DROP TRIGGER orders_emit_created ON orders;
CREATE OR REPLACE FUNCTION orders_emit_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO events (type, aggregate_type, aggregate_id, sequence, data)
  SELECT 'order.created', 'order', n.id, 1, order_event_data(n) FROM new_orders n ORDER BY n.id;
  RETURN NULL;
END $$;
CREATE TRIGGER orders_emit_created AFTER INSERT ON orders REFERENCING NEW TABLE AS new_orders
  FOR EACH STATEMENT EXECUTE FUNCTION orders_emit_created();

-- Checkout of a batch of orders (Reservations.placeMany) in ONE autocommit statement: one round
-- trip, and the hot stock rows are unlocked by the commit that ends it, never held across a round
-- trip to the client.
-- First the batch's customers are locked (FOR NO KEY UPDATE, in id order): two batches holding
-- orders of one customer (two HTTP processes) run one after the other, and the second one's query
-- below, whose snapshot is taken after that lock is granted (each statement of a VOLATILE function
-- takes its own snapshot), counts the orders the first one committed. NO KEY UPDATE does not block
-- the KEY SHARE locks that inserts referencing users (orders, ledger rows) take.
-- Then (still before any stock row is locked) what those customers hold is read, and every stock
-- row the batch names is locked once, in (warehouse_id, product_id) order. Each
-- limit an order may pass gets a number `i` and a capacity: the free units of a stock row (its
-- locked values; 0 in an inactive warehouse), the units of one product a customer may still hold
-- (p_max_units minus what their pending orders hold), and the orders a customer may still hold
-- (p_max_orders minus their pending orders). checkout_batch_verdicts judges the orders one at a
-- time, in the order given. Every placed order gets its id, lines, one reserve ledger row per stock
-- row (in first-line order, the customer as actor), and each hot row is updated once for the whole
-- batch, from its locked values (see reservationSql.ts on why). Answers one row per order, in the
-- order given: its id, or the first limit it would pass (3 orders, then 2 units, then 1 stock)
-- with what it asked of it and what was left.
CREATE FUNCTION reserve_orders(
  p_user_ids bigint[], p_total_cents bigint[], p_created_at timestamptz[], p_expires_at timestamptz[],
  p_line_ords bigint[], p_product_ids bigint[], p_warehouse_ids bigint[], p_quantities integer[],
  p_unit_prices bigint[], p_max_units bigint, p_max_orders bigint)
RETURNS TABLE (ord bigint, id bigint, refused_by integer, a bigint, b bigint, requested bigint, left_over bigint)
LANGUAGE plpgsql VOLATILE
-- Planned once per connection, not per call: the plan does not depend on the arrays' contents,
-- and planning this statement cost about 1 ms, as much as running it for a small batch.
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  -- What the batch's customers hold now: pending units per (customer, product), pending orders per customer.
  unit_users bigint[];
  unit_products bigint[];
  units_held bigint[];
  order_users bigint[];
  orders_held bigint[];
BEGIN
  PERFORM 1 FROM users u WHERE u.id = ANY (p_user_ids) ORDER BY u.id FOR NO KEY UPDATE;
  -- The holds are read before any stock row is locked, so a batch of another process that holds
  -- the hot row meanwhile does not wait for these reads.
  SELECT array_agg(h.user_id), array_agg(h.product_id), array_agg(h.held)
  INTO unit_users, unit_products, units_held
  FROM (
    SELECT u.user_id, u.product_id, coalesce((
      SELECT sum(oi.quantity) FROM orders p JOIN order_items oi ON oi.order_id = p.id
      WHERE p.user_id = u.user_id AND p.status = 'pending' AND oi.product_id = u.product_id), 0)::bigint AS held
    FROM (SELECT DISTINCT p_user_ids[l.ord::integer] AS user_id, l.product_id
          FROM unnest(p_line_ords, p_product_ids) AS l (ord, product_id)) u
  ) h;
  SELECT array_agg(u.user_id), array_agg((
    SELECT count(*) FROM orders p WHERE p.user_id = u.user_id AND p.status = 'pending'))
  INTO order_users, orders_held
  FROM (SELECT DISTINCT user_id FROM unnest(p_user_ids) AS u (user_id)) u;
  RETURN QUERY
    WITH o AS (
      SELECT * FROM unnest(p_user_ids, p_total_cents, p_created_at, p_expires_at)
        WITH ORDINALITY AS o (user_id, total_cents, created_at, expires_at, ord)
    ), l AS (
      SELECT l.*, row_number() OVER (PARTITION BY l.ord ORDER BY l.n)::integer AS line_no
      FROM unnest(p_line_ords, p_product_ids, p_warehouse_ids, p_quantities, p_unit_prices)
        WITH ORDINALITY AS l (ord, product_id, warehouse_id, quantity, unit_price_cents, n)
    ), locked AS MATERIALIZED (
      SELECT s.warehouse_id, s.product_id, s.on_hand, s.reserved
      FROM warehouse_stock s
      WHERE (s.warehouse_id, s.product_id) IN (SELECT warehouse_id, product_id FROM l)
      ORDER BY s.warehouse_id, s.product_id
      FOR UPDATE
    ), res AS MATERIALIZED (
      SELECT row_number() OVER (ORDER BY x.kind, x.a, x.b)::integer AS i, x.kind, x.a, x.b, x.cap
      FROM (
        SELECT 1 AS kind, r.warehouse_id AS a, r.product_id AS b,
               CASE WHEN w.status = 'active' THEN coalesce(k.on_hand - k.reserved, 0) ELSE 0 END::bigint AS cap
        FROM (SELECT DISTINCT warehouse_id, product_id FROM l) r
        LEFT JOIN locked k ON k.warehouse_id = r.warehouse_id AND k.product_id = r.product_id
        LEFT JOIN warehouses w ON w.id = r.warehouse_id
        UNION ALL
        SELECT 2, h.user_id, h.product_id, p_max_units - h.held
        FROM unnest(unit_users, unit_products, units_held) AS h (user_id, product_id, held)
        UNION ALL
        SELECT 3, h.user_id, 0, p_max_orders - h.held
        FROM unnest(order_users, orders_held) AS h (user_id, held)
      ) x
    ), d AS MATERIALIZED (
      SELECT l.ord, r.i, r.kind, r.cap, sum(l.quantity)::bigint AS q, min(l.n) AS first_line
      FROM l JOIN o ON o.ord = l.ord
      JOIN res r ON (r.kind = 1 AND r.a = l.warehouse_id AND r.b = l.product_id)
                 OR (r.kind = 2 AND r.a = o.user_id AND r.b = l.product_id)
      GROUP BY l.ord, r.i, r.kind, r.cap
      UNION ALL
      SELECT o.ord, r.i, r.kind, r.cap, 1, 0 FROM o JOIN res r ON r.kind = 3 AND r.a = o.user_id
    ), walk AS MATERIALIZED (
      SELECT * FROM checkout_batch_verdicts(
        (SELECT array_agg(r.cap ORDER BY r.i) FROM res r),
        (SELECT array_agg(d.ord ORDER BY d.ord, d.kind DESC, d.first_line) FROM d),
        (SELECT array_agg(d.i ORDER BY d.ord, d.kind DESC, d.first_line) FROM d),
        (SELECT array_agg(d.q ORDER BY d.ord, d.kind DESC, d.first_line) FROM d),
        (SELECT count(*) FROM o))
    ), placed AS MATERIALIZED (
      SELECT w.ord, nextval(pg_get_serial_sequence('orders', 'id')) AS id
      FROM walk w WHERE w.why IS NULL ORDER BY w.ord
    ), new_orders AS (
      INSERT INTO orders (id, user_id, total_cents, created_at, expires_at)
      SELECT p.id, o.user_id, o.total_cents, o.created_at, o.expires_at FROM placed p JOIN o ON o.ord = p.ord
    ), items AS (
      INSERT INTO order_items (order_id, line_no, product_id, warehouse_id, quantity, unit_price_cents)
      SELECT p.id, l.line_no, l.product_id, l.warehouse_id, l.quantity, l.unit_price_cents
      FROM placed p JOIN l ON l.ord = p.ord
    ), taken AS (
      SELECT r.a AS warehouse_id, r.b AS product_id, sum(d.q)::integer AS q
      FROM placed p JOIN d ON d.ord = p.ord JOIN res r ON r.i = d.i
      WHERE r.kind = 1 GROUP BY r.a, r.b
    ), moved AS (
      UPDATE warehouse_stock s SET on_hand = k.on_hand, reserved = k.reserved + t.q
      FROM taken t JOIN locked k ON k.warehouse_id = t.warehouse_id AND k.product_id = t.product_id
      WHERE s.warehouse_id = t.warehouse_id AND s.product_id = t.product_id
    ), ledger AS (
      INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, order_id, actor_user_id)
      SELECT 'reserve', r.a, r.b, 0, d.q, p.id, o.user_id
      FROM placed p JOIN o ON o.ord = p.ord JOIN d ON d.ord = p.ord JOIN res r ON r.i = d.i AND r.kind = 1
      ORDER BY p.ord, d.first_line
    )
    SELECT w.ord, p.id, r.kind::integer, r.a, r.b, d.q, w.left_over
    FROM walk w
    LEFT JOIN placed p ON p.ord = w.ord
    LEFT JOIN res r ON r.i = w.why
    LEFT JOIN d ON d.ord = w.ord AND d.i = w.why
    ORDER BY w.ord;
END
$$;
