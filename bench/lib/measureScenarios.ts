// Runs every scenario against 1, then 2, HTTP processes, auditing after each, and collects the results.
import type { SqlRunner } from "@orders/adapters";
import { audit } from "./audit.js";
import type { BenchServices, RunningService } from "./benchServices.js";
import type { LoadRunner } from "./loadRunner.js";
import type { Limits } from "./pgbenchLimits.js";
import type { LoadResult } from "./runLoad.js";
import { LOW_CONNECTION_SCENARIOS, type ScenarioName } from "./scenarios.js";
import { CONNECTIONS, HTTP_COUNTS, LOW_CONNECTIONS, LOW_SECONDS, log, SCENARIOS, SECONDS } from "./settings.js";

export interface ScenarioResult extends LoadResult {
  readonly scenario: ScenarioName;
  readonly httpProcesses: number;
  readonly limitTps: number | null;
  readonly ratio: number | null;
  readonly paid?: number;
  /** CPU the HTTP processes used during the run, in cores (CPU seconds over wall seconds), all together. */
  readonly httpCores: number | null;
  readonly auditViolations: number;
  readonly auditSample: readonly string[];
  readonly memory: Readonly<Record<string, { peakRssKb: number; rssKb: number } | undefined>>;
}

export interface Measurement {
  readonly db: SqlRunner;
  readonly services: BenchServices;
  readonly loads: LoadRunner;
  readonly limits: Limits;
}

/**
 * For each HTTP process count: start the service, warm it up, run every scenario (the checkout
 * ones again at LOW_CONNECTIONS), stop it.
 */
export async function measureScenarios(m: Measurement): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const httpCount of HTTP_COUNTS) {
    log(`\n--- ${httpCount} HTTP process(es), 1 worker, ${CONNECTIONS} connections ---`);
    const service = await m.services.start(httpCount);
    // Warm the JIT and the pools before measuring.
    await m.loads.warmUp(service.urls);
    for (const scenario of SCENARIOS) {
      results.push(await measureScenario(m, service, scenario, httpCount, CONNECTIONS, SECONDS));
      if (LOW_CONNECTION_SCENARIOS.includes(scenario))
        results.push(await measureScenario(m, service, scenario, httpCount, LOW_CONNECTIONS, LOW_SECONDS));
    }
    await m.services.stop(service);
  }
  return results;
}

const httpCpuSeconds = (service: RunningService) =>
  service.https.reduce((total, p) => total + (p.cpuSeconds() ?? Number.NaN), 0);

async function measureScenario(
  m: Measurement,
  service: RunningService,
  scenario: ScenarioName,
  httpCount: number,
  connections: number,
  seconds: number,
): Promise<ScenarioResult> {
  const cpuBefore = httpCpuSeconds(service);
  const load = await m.loads.runScenario(scenario, service.urls, httpCount, connections, seconds);
  const httpCores = (httpCpuSeconds(service) - cpuBefore) / load.seconds;
  const memory: Record<string, { peakRssKb: number; rssKb: number } | undefined> = {};
  for (const p of [...service.https, service.worker]) memory[p.options.name] = p.memory();
  const checked = await audit(m.db, `${scenario} (http x${httpCount}, ${connections} connections)`);
  // The pgbench limit is measured at CONNECTIONS clients: a ratio only means something there.
  const limit =
    connections !== CONNECTIONS
      ? null
      : scenario === "checkout_hot"
        ? m.limits.hot.tps
        : scenario === "checkout_spread"
          ? m.limits.spread.tps
          : null;
  return {
    ...load,
    scenario,
    httpProcesses: httpCount,
    limitTps: limit,
    ratio: limit === null ? null : load.reqPerSec / limit,
    httpCores: Number.isFinite(httpCores) ? httpCores : null,
    auditViolations: checked.count,
    auditSample: checked.sample,
    memory,
  };
}
