// The limit: the adapters' checkout SQL run by pgbench on the same server, hot SKU and spread.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkoutPgbenchScript } from "./checkoutPgbenchScript.js";
import { type PgbenchResult, runPgbench } from "./runPgbench.js";
import { HOT_PRODUCT, HOT_WAREHOUSE } from "./scenarios.js";
import {
  CONNECTIONS,
  CUSTOMERS,
  FIRST_WAREHOUSE,
  fmt,
  log,
  PRODUCTS,
  RESERVATION_TTL_SECONDS,
  SECONDS,
} from "./settings.js";

export interface Limits {
  readonly hot: PgbenchResult;
  readonly spread: PgbenchResult;
}

/** Writes the script to the work dir (and bench/results/checkout.pgbench.sql), then runs it hot, then spread. */
export async function measureLimits(databaseUrl: string, workDir: string, resultsDir: string): Promise<Limits> {
  // The limit: the same checkout SQL from pgbench, same server, same client count.
  const scriptFile = join(workDir, "checkout.sql");
  writeFileSync(scriptFile, await checkoutPgbenchScript());
  writeFileSync(join(resultsDir, "checkout.pgbench.sql"), await checkoutPgbenchScript());
  const pgbench = async (label: string, pid: [number, number], wid: number): Promise<PgbenchResult> => {
    const result = await runPgbench({
      url: databaseUrl,
      scriptFile,
      clients: CONNECTIONS,
      threads: 2,
      seconds: SECONDS,
      variables: {
        pid_lo: pid[0],
        pid_hi: pid[1],
        wid_lo: wid,
        wid_hi: wid,
        uid_hi: CUSTOMERS,
        ttl: RESERVATION_TTL_SECONDS,
      },
    });
    log(
      `pgbench ${label}: ${fmt(result.tps)} tx/s, p50 ${fmt(result.p50Ms, 1)} ms, p99 ${fmt(result.p99Ms, 1)} ms, ${result.failed} failed (${CONNECTIONS} clients, ${SECONDS} s); pgbench CPU ${fmt(result.clientCores, 2)} cores (${fmt(result.clientCpuShare * 100, 1)}% of the machine)`,
    );
    return result;
  };
  return {
    hot: await pgbench("hot-SKU checkout", [HOT_PRODUCT, HOT_PRODUCT], HOT_WAREHOUSE),
    spread: await pgbench("spread checkout", [1, PRODUCTS], FIRST_WAREHOUSE),
  };
}
