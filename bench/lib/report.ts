// The bench report: the JSON record, the markdown table, and writing both to bench/results/.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import type { ProcessExit } from "./benchServices.js";
import type { ScenarioResult } from "./measureScenarios.js";
import type { Limits } from "./pgbenchLimits.js";
import type { ProfileOutcome } from "./profileRun.js";
import {
  CONNECTIONS,
  CUSTOMERS,
  fmt,
  GOALS,
  HTTP_COUNTS,
  LOG_LEVEL,
  LOW_CONNECTIONS,
  LOW_SECONDS,
  log,
  POOL_MAX,
  PRODUCTS,
  RESERVATION_TTL_SECONDS,
  SECONDS,
  STOCK_PER_ROW,
  TODAY,
  WAREHOUSES,
  WRK_THREADS,
} from "./settings.js";

export const roundedLoadAverage = () => loadavg().map((n) => Number(n.toFixed(2)));

export interface RunOutcome {
  readonly started: number;
  readonly loadAverageAtStart: number[];
  readonly limits: Limits;
  readonly results: readonly ScenarioResult[];
  readonly misses: readonly string[];
  readonly exits: readonly ProcessExit[];
  readonly profile: ProfileOutcome | undefined;
}

function buildReport(o: RunOutcome) {
  return {
    startedAt: new Date(o.started).toISOString(),
    seconds: Math.round((Date.now() - o.started) / 1000),
    settings: {
      connections: CONNECTIONS,
      secondsPerScenario: SECONDS,
      lowConnections: LOW_CONNECTIONS,
      lowConnectionsSeconds: LOW_SECONDS,
      loadGenerator: `wrk, ${WRK_THREADS} threads`,
      httpProcesses: HTTP_COUNTS,
      workers: 1,
      databasePoolMaxPerHttpProcess: POOL_MAX,
      logLevel: LOG_LEVEL,
      reservationTtlSeconds: RESERVATION_TTL_SECONDS,
      dataset: { products: PRODUCTS, customers: CUSTOMERS, warehouses: WAREHOUSES, stockPerRow: STOCK_PER_ROW },
      node: process.version,
      cpus: cpus().length,
      // Other work on the machine competes with the service, PostgreSQL and the load generator.
      loadAverageAtStart: o.loadAverageAtStart,
      loadAverageAtEnd: roundedLoadAverage(),
    },
    limits: {
      hot: { ...o.limits.hot, output: undefined },
      spread: { ...o.limits.spread, output: undefined },
    },
    results: o.results,
    goals: { ...GOALS, before: TODAY },
    misses: o.misses,
    exits: o.exits,
    profile: o.profile === undefined ? null : { scenario: o.profile.scenario, ...o.profile.summary },
  };
}

/** Writes <stamp>.json, <stamp>.md and latest.md, and prints the markdown and where things are. */
export function writeReport(o: RunOutcome, resultsDir: string, stamp: string, workDir: string): void {
  const report = buildReport(o);
  const markdown = renderMarkdown(report, o);
  writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(resultsDir, `${stamp}.md`), markdown);
  writeFileSync(join(resultsDir, "latest.md"), markdown);
  log(`\n${markdown}`);
  log(`process logs and the raw profile: ${workDir}`);
  log(`results: bench/results/${stamp}.json, bench/results/${stamp}.md, bench/results/latest.md`);
}

function renderMarkdown(
  report: { startedAt: string; seconds: number; settings: Record<string, unknown> },
  o: RunOutcome,
): string {
  const lines: string[] = [];
  lines.push(`# Benchmark ${report.startedAt}`, "");
  lines.push(
    `Real mode on 127.0.0.1: compiled http and worker processes, local PostgreSQL and Redis, wrk (C, Lua script bench/lua/scenario.lua, ${WRK_THREADS} threads) with ${CONNECTIONS} connections for ${SECONDS} s per scenario, the checkouts again with ${LOW_CONNECTIONS} connections for ${LOW_SECONDS} s; pgbench runs the adapters' checkout SQL with ${CONNECTIONS} clients (the limit). "wrk cores" and "pgbench cores" are the load generator's CPU seconds over the run's wall time (2 cores = the whole machine); "http cores" the HTTP processes'. ${PRODUCTS} products in ${WAREHOUSES} active warehouses, ${CUSTOMERS} customers. Service settings: DATABASE_POOL_MAX=${POOL_MAX} per HTTP process, LOG_LEVEL=${LOG_LEVEL}. ${String(report.settings.cpus)} CPUs; load average ${JSON.stringify(report.settings.loadAverageAtStart)} at the start, ${JSON.stringify(report.settings.loadAverageAtEnd)} at the end (other work on the machine shares the cores). Whole run ${report.seconds} s.`,
    "",
  );
  lines.push(...limitLines(o.limits), ...resultLines(o.results), ...memoryLines(o.results));
  lines.push(
    "",
    `Goals: hot-SKU >= ${GOALS.hotRatio} x limit, spread >= ${GOALS.spreadRatio} x, checkout p99 at ${CONNECTIONS} connections no worse than before (${HTTP_COUNTS.map((n) => `x${n}: hot ${TODAY[n]?.hotP99Ms}, spread ${TODAY[n]?.spreadP99Ms} ms`).join("; ")}) and <= ${GOALS.lowConnectionsCheckoutP99Ms} ms at ${LOW_CONNECTIONS}, GET /products p99 < ${GOALS.productsP99Ms} ms and >= ${GOALS.productsSpeedup} x the req/s before (${HTTP_COUNTS.map((n) => `x${n}: ${TODAY[n]?.productsReqPerSec}`).join("; ")}), zero 5xx, audit passes.`,
    "",
  );
  if (o.misses.length === 0) lines.push("All goals met.");
  else for (const m of o.misses) lines.push(`- MISSED ${m}`);
  if (o.profile !== undefined) lines.push(...profileLines(o.profile));
  lines.push("");
  return lines.join("\n");
}

function limitLines(limits: Limits): string[] {
  return [
    "| limit (pgbench) | tx/s | p50 ms | p99 ms | failed | pgbench cores |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    `| hot-SKU checkout SQL | ${fmt(limits.hot.tps)} | ${fmt(limits.hot.p50Ms, 1)} | ${fmt(limits.hot.p99Ms, 1)} | ${limits.hot.failed} | ${fmt(limits.hot.clientCores, 2)} |`,
    `| spread checkout SQL | ${fmt(limits.spread.tps)} | ${fmt(limits.spread.p50Ms, 1)} | ${fmt(limits.spread.p99Ms, 1)} | ${limits.spread.failed} | ${fmt(limits.spread.clientCores, 2)} |`,
    "",
  ];
}

function resultLines(results: readonly ScenarioResult[]): string[] {
  const lines = [
    "| scenario | http procs | conns | req/s | p50 ms | p99 ms | errors | non-2xx | 5xx | service/limit | wrk cores | http cores | audit |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const r of results) {
    const name = r.scenario === "checkout_pay" ? `checkout_pay (${fmt(r.paid ?? 0)} paid)` : r.scenario;
    lines.push(
      `| ${name} | ${r.httpProcesses} | ${r.connections} | ${fmt(r.reqPerSec)} | ${fmt(r.p50Ms, 1)} | ${fmt(r.p99Ms, 1)} | ${r.errors} | ${r.non2xx} | ${r.status5xx} | ${r.ratio === null ? "" : fmt(r.ratio, 2)} | ${fmt(r.loadCores, 2)} | ${fmt(r.httpCores, 2)} | ${r.auditViolations === 0 ? "passed" : `${r.auditViolations} violations`} |`,
    );
  }
  return lines;
}

function memoryLines(results: readonly ScenarioResult[]): string[] {
  const lines = ["", "Peak RSS (VmHWM, MB) after the checkout scenarios / after all scenarios:", ""];
  for (const httpCount of HTTP_COUNTS) {
    const afterCheckout = results.find((r) => r.httpProcesses === httpCount && r.scenario === "checkout_pay");
    const last = results.filter((r) => r.httpProcesses === httpCount).at(-1);
    if (afterCheckout === undefined || last === undefined) continue;
    const mb = (kb: number | undefined) => fmt((kb ?? Number.NaN) / 1024);
    const parts = Object.keys(afterCheckout.memory).map(
      (name) => `${name} ${mb(afterCheckout.memory[name]?.peakRssKb)} / ${mb(last.memory[name]?.peakRssKb)}`,
    );
    lines.push(`- ${httpCount} HTTP process(es): ${parts.join(", ")}`);
  }
  return lines;
}

function profileLines(profile: ProfileOutcome): string[] {
  const lines = [
    "",
    `CPU profile of one HTTP process under ${profile.scenario} (${profile.summary.totalMs} ms sampled):`,
    "",
  ];
  lines.push("| self time by area | share |", "| --- | ---: |");
  for (const a of profile.summary.areas.slice(0, 10)) lines.push(`| ${a.name} | ${fmt(a.share * 100, 1)}% |`);
  lines.push("", "| top functions by self time | share |", "| --- | ---: |");
  for (const f of profile.summary.functions.slice(0, 12)) lines.push(`| \`${f.name}\` | ${fmt(f.share * 100, 1)}% |`);
  return lines;
}
