import type { Product, User, Warehouse } from "@orders/domain";
import { createPostgresPorts, type SqlRunner } from "../../src/postgres/index.js";
import type { ContractTarget } from "./ContractTarget.js";

const TABLES = "users, products, warehouses, warehouse_stock, orders, order_items, transfers, stock_movements";

/** The Postgres adapters over `db` (PGlite or a pg Pool), emptied first. `db` must be migrated. */
export async function sqlTarget(db: SqlRunner): Promise<ContractTarget> {
  await db.query(`TRUNCATE ${TABLES} RESTART IDENTITY CASCADE`, []);
  return {
    ports: createPostgresPorts(db),
    given: {
      async user(user) {
        const status = user.status ?? "active";
        const [row] = await db.query<{ id: unknown }>(
          "INSERT INTO users (email, phone, password_hash, role, status) VALUES ($1, $2, $3, $4, $5) RETURNING id",
          [user.email, user.phone, user.passwordHash, user.role, status],
        );
        return { ...user, status, id: Number(row?.id) } satisfies User;
      },
      async product(fields) {
        const product = { status: "active" as const, lowStockThreshold: 0, version: 1, ...fields };
        const [row] = await db.query<{ id: unknown }>(
          `INSERT INTO products (sku, name, price_cents, status, low_stock_threshold, version)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [product.sku, product.name, product.priceCents, product.status, product.lowStockThreshold, product.version],
        );
        return { ...product, id: Number(row?.id) } satisfies Product;
      },
      async warehouse(warehouse) {
        // Like the fake: priority defaults to the id.
        const [row] = await db.query<{ id: unknown; priority: unknown }>(
          `WITH n AS (SELECT nextval(pg_get_serial_sequence('warehouses', 'id')) AS id)
           INSERT INTO warehouses (id, name, status, priority)
           SELECT n.id, $1, $2, coalesce($3::integer, n.id) FROM n RETURNING id, priority`,
          [warehouse.name, warehouse.status ?? "active", warehouse.priority ?? null],
        );
        return {
          id: Number(row?.id),
          name: warehouse.name,
          status: warehouse.status ?? "active",
          priority: Number(row?.priority),
        } satisfies Warehouse;
      },
    },
  };
}
