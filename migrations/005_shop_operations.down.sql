DROP INDEX IF EXISTS stock_movements_by_receipt;
DROP INDEX IF EXISTS stock_movements_by_warehouse;
ALTER TABLE stock_movements
  DROP COLUMN IF EXISTS receipt_id,
  DROP COLUMN IF EXISTS note,
  DROP COLUMN IF EXISTS reference,
  DROP COLUMN IF EXISTS reason,
  DROP COLUMN IF EXISTS actor_user_id;
DELETE FROM stock_movements WHERE kind = 'receive';
ALTER TABLE stock_movements DROP CONSTRAINT IF EXISTS stock_movements_kind_check;
ALTER TABLE stock_movements
  ADD CONSTRAINT stock_movements_kind_check
    CHECK (kind IN ('reserve', 'release', 'sale', 'transfer_out', 'transfer_in', 'adjust'));
DROP TABLE IF EXISTS stock_receipts;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_or_phone, DROP COLUMN IF EXISTS status;
ALTER TABLE products
  DROP COLUMN IF EXISTS updated_at,
  DROP COLUMN IF EXISTS created_at,
  DROP COLUMN IF EXISTS version,
  DROP COLUMN IF EXISTS low_stock_threshold,
  DROP COLUMN IF EXISTS status;
