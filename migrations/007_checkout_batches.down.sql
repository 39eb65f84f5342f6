DROP FUNCTION IF EXISTS checkout_batch_verdicts(bigint[], bigint[], integer[], bigint[], bigint);
DROP INDEX IF EXISTS orders_pending_by_user;
