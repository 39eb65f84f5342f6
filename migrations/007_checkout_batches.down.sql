DROP TRIGGER IF EXISTS orders_emit_created ON orders;
CREATE OR REPLACE FUNCTION orders_emit_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO events (type, aggregate_type, aggregate_id, sequence, data)
  VALUES ('order.created', 'order', NEW.id, 1, order_event_data(NEW));
  RETURN NULL;
END $$;
CREATE TRIGGER orders_emit_created AFTER INSERT ON orders
  FOR EACH ROW EXECUTE FUNCTION orders_emit_created();
DROP FUNCTION IF EXISTS reserve_orders(bigint[], bigint[], timestamptz[], timestamptz[], bigint[], bigint[], bigint[], integer[], bigint[], bigint, bigint);
DROP FUNCTION IF EXISTS checkout_batch_verdicts(bigint[], bigint[], integer[], bigint[], bigint);
DROP INDEX IF EXISTS orders_pending_by_user;
