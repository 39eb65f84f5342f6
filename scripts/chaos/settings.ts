// The chaos run's settings: TTL and sweep, deadline, load size, the scarce and contention products.
import { resolve } from "node:path";
import { CONTENTION_PRODUCTS } from "./contentionStep.js";

const env = process.env;
export const ROOT = resolve(import.meta.dirname, "../..");
export const TTL_SECONDS = 2;
export const SWEEP_SECONDS = 2;
/** Slack on top of one sweep for a release to commit on a busy 2-core machine. */
export const SWEEP_SLACK_SECONDS = 1;
export const DEADLINE_SECONDS = Number(env.CHAOS_DEADLINE_SECONDS ?? 300);
export const LOOPS = Number(env.CHAOS_LOOPS ?? 16);
/** The HTTP process's pg connection timeout (connectPostgres default): no request may wait longer. */
export const STORAGE_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 15_000;
export const PRODUCTS = 50;
export const SCARCE_PRODUCT = PRODUCTS;
export const SCARCE_STOCK = 40;
/** The products the steady load checks out (every one but the scarce one). */
export const AMPLE_PRODUCT_IDS = Array.from({ length: PRODUCTS - 1 }, (_, i) => i + 1);
export { CONTENTION_PRODUCTS };
/** The contention step's low-stock products come after the others. */
export const CONTENTION_PRODUCT_IDS = Array.from({ length: CONTENTION_PRODUCTS }, (_, i) => PRODUCTS + 1 + i);
export const CONTENTION_SECONDS = Number(env.CHAOS_CONTENTION_SECONDS ?? 20);
export const LOG_LEVEL = env.CHAOS_LOG_LEVEL ?? "warn";
/** CHAOS_KEEP_DIR set: the temp dir (process and server logs) stays after the run. */
export const KEEP_DIR = env.CHAOS_KEEP_DIR !== undefined;
/** CHAOS_PGBOUNCER=1 (`make chaos PGBOUNCER=1`): the services reach PostgreSQL through PgBouncer in transaction mode. */
export const THROUGH_PGBOUNCER = env.CHAOS_PGBOUNCER === "1";
