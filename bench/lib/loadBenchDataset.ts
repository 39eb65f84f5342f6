// Loads the bench dataset (products, warehouses, stock, customers, admins) and mints their tokens.
import { JoseTokenIssuer, ScryptPasswordHasher, type SqlRunner } from "@orders/adapters";
import type { Role } from "@orders/domain";

export interface DatasetOptions {
  readonly products: number;
  readonly customers: number;
  /** Admin users, ids right after the customers' (none unless asked for). */
  readonly admins?: number;
  readonly warehouses: number;
  /** on_hand of every (warehouse, product) row. */
  readonly stockPerRow: number;
}

export interface BenchDataset {
  readonly productIds: readonly number[];
  readonly warehouseIds: readonly number[];
  readonly customers: readonly { readonly id: number; readonly email: string }[];
  readonly admins: readonly { readonly id: number; readonly email: string }[];
  /** Every user's password (one shared scrypt hash). */
  readonly password: string;
  readonly priceOf: (productId: number) => number;
}

export const BENCH_PASSWORD = "bench-password-1";
/** Prices are a function of the id, so the pgbench script can compute them with \set. */
export const priceOf = (productId: number): number => 1000 + productId;

/**
 * Loads the bench data in a few set-based statements: products, active warehouses (priority =
 * id), customers (then any admins) sharing one precomputed scrypt hash, and stock entered through the ledger (as
 * the seed does), so the audit's ledger replay holds from the start.
 */
export async function loadBenchDataset(db: SqlRunner, options: DatasetOptions): Promise<BenchDataset> {
  const hash = await new ScryptPasswordHasher().hash(BENCH_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO products (id, sku, name, price_cents)
       SELECT g, 'BENCH-' || lpad(g::text, 5, '0'), 'Bench product ' || g, 1000 + g FROM generate_series(1, $1::int) g`,
      [options.products],
    );
    await tx.query(
      `INSERT INTO warehouses (id, name, status, priority)
       SELECT g, 'Bench warehouse ' || g, 'active', g FROM generate_series(1, $1::int) g`,
      [options.warehouses],
    );
    await tx.query(
      `INSERT INTO users (id, email, password_hash, role)
       SELECT g, 'bench-customer-' || g || '@example.com', $2, 'customer' FROM generate_series(1, $1::int) g`,
      [options.customers, hash],
    );
    await tx.query(
      `INSERT INTO users (id, email, password_hash, role)
       SELECT $1::int + g, 'bench-admin-' || g || '@example.com', $3, 'admin' FROM generate_series(1, $2::int) g`,
      [options.customers, options.admins ?? 0, hash],
    );
    await tx.query(
      `INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta)
       SELECT 'adjust', w, p, $3::int, 0 FROM generate_series(1, $1::int) w, generate_series(1, $2::int) p`,
      [options.warehouses, options.products, options.stockPerRow],
    );
    await tx.query(
      `INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand, reserved)
       SELECT warehouse_id, product_id, sum(on_hand_delta), sum(reserved_delta) FROM stock_movements
       GROUP BY warehouse_id, product_id`,
      [],
    );
    for (const table of ["users", "products", "warehouses"]) {
      await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`, []);
    }
  });
  await db.query("ANALYZE", []);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  return {
    productIds: range(options.products),
    warehouseIds: range(options.warehouses),
    customers: range(options.customers).map((id) => ({ id, email: `bench-customer-${id}@example.com` })),
    admins: range(options.admins ?? 0).map((n) => ({
      id: options.customers + n,
      email: `bench-admin-${n}@example.com`,
    })),
    password: BENCH_PASSWORD,
    priceOf,
  };
}

/** Tokens (customer unless `role` says otherwise) signed with the secret the HTTP processes verify with: no logins needed. */
export async function mintTokens(
  secret: string,
  userIds: readonly number[],
  role: Role = "customer",
): Promise<string[]> {
  const issuer = new JoseTokenIssuer({ secret, ttlSeconds: 6 * 3600 });
  return Promise.all(userIds.map(async (userId) => (await issuer.issue({ userId, role })).token));
}
