// `make bench`: load-tests the service in real mode against the pgbench limit and writes bench/results/.
/**
 * The service in real mode (separate http and worker processes, compiled dist/) against the local
 * PostgreSQL and Redis, driven over 127.0.0.1 by wrk (a C load generator, scripts/ensure-wrk.sh installs
 * it; bench/lua/scenario.lua builds the requests), next to pgbench running the same checkout SQL on
 * the same server (the limit). Both clients' CPU use is measured and reported.
 *
 * Own database (bench_<random>, dropped at the end) and own Redis database index (BENCH_REDIS_DB,
 * default 13, flushed before and after). Bounded: about 10 s per scenario (5 s for the 8-connection checkouts), about 4 minutes in all.
 * Writes bench/results/<timestamp>.json and .md, and bench/results/latest.md.
 *
 * Settings (environment, bench/lib/settings.ts): BENCH_DATABASE_URL (admin URL), BENCH_REDIS_URL,
 * BENCH_REDIS_DB, BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_LOW_CONNECTIONS (8, the
 * checkouts' second run), BENCH_LOW_SECONDS (5), BENCH_WRK_THREADS (2), BENCH_HTTP_PROCESSES ("1,2"),
 * BENCH_LOG_LEVEL (warn), BENCH_POOL_MAX (the service's DATABASE_POOL_MAX, 10), BENCH_PROFILE
 * (auto|always|never|<scenario>), BENCH_SCENARIOS (comma-separated subset of
 * checkout_hot,checkout_spread,checkout_pay,products,login).
 *
 * The steps, each in its own module under bench/lib/: benchEnvironment (folders, scratch database,
 * dataset, cleanup), pgbenchLimits (the limit), measureScenarios (each scenario with 1 and 2 HTTP
 * processes, via benchServices and loadRunner), goals (the misses), profileRun (a CPU profile of
 * the first miss), report (JSON and markdown).
 */
import { audit } from "./lib/audit.js";
import { BenchEnvironment } from "./lib/benchEnvironment.js";
import { BenchServices } from "./lib/benchServices.js";
import { exitMisses, findMisses } from "./lib/goals.js";
import { LoadRunner } from "./lib/loadRunner.js";
import { measureScenarios } from "./lib/measureScenarios.js";
import { measureLimits } from "./lib/pgbenchLimits.js";
import { profileIfWanted } from "./lib/profileRun.js";
import { roundedLoadAverage, writeReport } from "./lib/report.js";

async function main(): Promise<void> {
  const bench = new BenchEnvironment();
  bench.cleanUpOnSignals();
  const started = Date.now();
  const loadAverageAtStart = roundedLoadAverage();
  try {
    const { db, databaseUrl, fixture } = await bench.prepare();
    const limits = await measureLimits(databaseUrl, bench.workDir, bench.resultsDir);
    const limitAudit = await audit(db, "pgbench");
    const services = new BenchServices(bench, databaseUrl);
    const loads = new LoadRunner(bench.workDir, fixture);
    const results = await measureScenarios({ db, services, loads, limits });
    const misses = findMisses(results, limitAudit);
    const profile = await profileIfWanted(results, services, loads, bench.workDir);
    misses.push(...exitMisses(services.exits));
    const outcome = { started, loadAverageAtStart, limits, results, misses, exits: services.exits, profile };
    writeReport(outcome, bench.resultsDir, bench.stamp, bench.workDir);
    process.exitCode = misses.length === 0 ? 0 : 1;
  } finally {
    await bench.cleanup();
  }
}

await main();
