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
