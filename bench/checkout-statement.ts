// The coalesced checkout statement alone (Reservations.placeMany on PostgreSQL): ms per batch by batch size, hot SKU.
//
// node --conditions=development --import tsx bench/checkout-statement.ts
//
// Own scratch database (BENCH_DATABASE_URL's server), dropped at the end. One connection, batches
// one after the other, each of distinct customers (10,000 of them, in turn) buying one unit of one
// product; BENCH_SECONDS (2) per size, BENCH_BATCH_SIZES (1,8,32,64).
import { connectPostgres, createPostgresPorts, migrate } from "@orders/adapters";
import type { NewOrder } from "@orders/domain";
import { createScratchDatabase } from "./lib/scratchDatabase.js";
import { ADMIN_URL, log } from "./lib/settings.js";

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 2);
const SIZES = (env.BENCH_BATCH_SIZES ?? "1,8,32,64").split(",").map(Number);
const CUSTOMERS = 10_000;
const NO_LIMITS = { maxPendingUnitsPerProduct: 1_000_000_000, maxPendingOrders: 1_000_000_000 };

const scratch = await createScratchDatabase(ADMIN_URL, "bench_statement");
const db = connectPostgres({ connectionString: scratch.url, max: 1 });
try {
  await migrate(db);
  await db.query(
    `INSERT INTO users (email, password_hash, role)
     SELECT 'c' || g || '@example.com', 'x', 'customer' FROM generate_series(1, ${CUSTOMERS}) g`,
  );
  await db.query("INSERT INTO warehouses (name, priority) VALUES ('hot', 1)");
  await db.query("INSERT INTO products (sku, name, price_cents) VALUES ('HOT', 'Hot', 100)");
  const ports = createPostgresPorts(db);
  await ports.stock.adjust(1, 1, 1_000_000_000);
  let customer = 0;
  const batch = (size: number): NewOrder[] =>
    Array.from({ length: size }, () => {
      const now = new Date();
      return {
        userId: (customer++ % CUSTOMERS) + 1,
        totalCents: 100,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 300_000),
        lines: [{ warehouseId: 1, productId: 1, quantity: 1, unitPriceCents: 100 }],
      };
    });
  for (const size of SIZES) {
    const started = performance.now();
    let batches = 0;
    while (performance.now() - started < SECONDS * 1000) {
      await ports.reservations.placeMany(batch(size), NO_LIMITS);
      batches++;
    }
    const ms = (performance.now() - started) / batches;
    log(
      `batch of ${size}: ${ms.toFixed(2)} ms per batch, ${((size * 1000) / ms).toFixed(0)} orders/s (${batches} batches)`,
    );
  }
} finally {
  await db.close();
  await scratch.drop();
}
