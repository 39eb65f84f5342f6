// The bench's settings: environment knobs, dataset size, goals and the scenarios to run.
import { resolve } from "node:path";
import { PRODUCTS, SCENARIO_NAMES, type ScenarioName } from "./scenarios.js";

const env = process.env;
export const ROOT = resolve(import.meta.dirname, "../..");
export const ADMIN_URL = env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const REDIS_BASE = env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
export const REDIS_DB = Number(env.BENCH_REDIS_DB ?? 13);
export const SECONDS = Number(env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
/** The second, lighter load of the checkout scenarios: their p99 when the service is not saturated. */
export const LOW_CONNECTIONS = Number(env.BENCH_LOW_CONNECTIONS ?? 8);
export const LOW_SECONDS = Number(env.BENCH_LOW_SECONDS ?? 5);
/** wrk threads in all (shared out between the wrk processes when there are several HTTP processes). */
export const WRK_THREADS = Number(env.BENCH_WRK_THREADS ?? 2);
export const HTTP_COUNTS = (env.BENCH_HTTP_PROCESSES ?? "1,2").split(",").map(Number);
export const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? "warn";
export const POOL_MAX = Number(env.BENCH_POOL_MAX ?? 10);
export const PROFILE = env.BENCH_PROFILE ?? "auto";
export const RESERVATION_TTL_SECONDS = 300;
export const SWEEP_INTERVAL_SECONDS = 5;
export const WARMUP_SECONDS = 3;

export const CUSTOMERS = Number(env.BENCH_CUSTOMERS ?? 10_000);
export const WAREHOUSES = 3;
export const STOCK_PER_ROW = 100_000_000;
/** The warehouse the allocation policy picks when every one has stock: the first by priority. */
export const FIRST_WAREHOUSE = 1;
export { PRODUCTS };

/**
 * The goals. "Today" is the figure this service had before the flash-sale work (make bench, same
 * machine, 1 / 2 HTTP processes): checkout p99 at CONNECTIONS must be no worse, GET /products must
 * serve at least productsSpeedup times as many requests per second.
 */
export const GOALS = {
  hotRatio: 1.5,
  spreadRatio: 0.7,
  productsP99Ms: 25,
  productsSpeedup: 3,
  lowConnectionsCheckoutP99Ms: 50,
} as const;
export const TODAY: Readonly<Record<number, { hotP99Ms: number; spreadP99Ms: number; productsReqPerSec: number }>> = {
  1: { hotP99Ms: 148, spreadP99Ms: 125, productsReqPerSec: 425 },
  2: { hotP99Ms: 174, spreadP99Ms: 98, productsReqPerSec: 421 },
};

// Checkouts first, so the peak RSS read after them is the peak under checkout load.
export const SCENARIOS: readonly ScenarioName[] = SCENARIO_NAMES.filter((s) =>
  (env.BENCH_SCENARIOS ?? s).split(",").includes(s),
);

export const log = (line: string) => process.stdout.write(`${line}\n`);

export const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(digits);
