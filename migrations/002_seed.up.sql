-- Demo data. Passwords are scrypt hashes in ScryptPasswordHasher's format
-- (admin@example.com / admin123, customer@example.com / customer123), never clear text.

INSERT INTO users (id, email, phone, password_hash, role) VALUES
  (1, 'admin@example.com', '081234567890',
   'scrypt$16384$8$1$rS2wOgF2cnhA6m2dGcgyYQ==$qtflXv1RVmXsoyGMOc2Kj20TOFzP6CXeDpgXu8SMEHY=', 'admin'),
  (2, 'customer@example.com', '081234567891',
   'scrypt$16384$8$1$irx4dDZ2WybsfSKxmiFdtw==$Ou4dKbERuOOGTOKjXzuAp+qBRYG63ETV6Baul+DRM1Y=', 'customer');

INSERT INTO warehouses (id, name, status, priority) VALUES
  (1, 'Jakarta', 'active', 1),
  (2, 'Surabaya', 'active', 2),
  (3, 'Medan', 'inactive', 3);

INSERT INTO products (id, sku, name, price_cents) VALUES
  (1, 'SKU-001', 'Mechanical keyboard', 750000),
  (2, 'SKU-002', 'Wireless mouse', 250000),
  (3, 'SKU-003', 'USB-C hub', 320000),
  (4, 'SKU-004', '27-inch monitor', 3200000),
  (5, 'SKU-005', 'Laptop stand', 180000),
  (6, 'SKU-006', 'Webcam', 450000);

-- Stock enters through the ledger, and warehouse_stock is derived from it, so replaying the
-- ledger always gives the stored stock.
INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta) VALUES
  ('adjust', 1, 1, 50, 0),
  ('adjust', 2, 1, 30, 0),
  ('adjust', 1, 2, 100, 0),
  ('adjust', 2, 3, 40, 0),
  ('adjust', 1, 4, 10, 0),
  ('adjust', 3, 4, 25, 0),
  ('adjust', 2, 5, 60, 0),
  ('adjust', 3, 6, 15, 0),
  ('adjust', 1, 6, 5, 0);

INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand, reserved)
SELECT warehouse_id, product_id, sum(on_hand_delta), sum(reserved_delta)
FROM stock_movements
GROUP BY warehouse_id, product_id;

-- Explicit ids above do not advance the identity sequences.
SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
SELECT setval(pg_get_serial_sequence('warehouses', 'id'), (SELECT max(id) FROM warehouses));
SELECT setval(pg_get_serial_sequence('products', 'id'), (SELECT max(id) FROM products));
