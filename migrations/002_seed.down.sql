-- Removes the demo data and everything that refers to it (orders, ledger rows).
TRUNCATE users, products, warehouses, warehouse_stock, orders, order_items, transfers, stock_movements
  RESTART IDENTITY;
