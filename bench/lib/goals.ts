// Checks the results against the goals and lists every miss, one line each.
import type { AuditOutcome } from "./audit.js";
import type { ProcessExit } from "./benchServices.js";
import type { ScenarioResult } from "./measureScenarios.js";
import type { ScenarioName } from "./scenarios.js";
import { CONNECTIONS, fmt, GOALS } from "./settings.js";

const shortBy = (goal: number, ratio: number | null) => fmt(((goal - (ratio ?? 0)) / goal) * 100);

/** The goals missed by one scenario result, per HTTP process count. */
function missesOf(r: ScenarioResult): string[] {
  const misses: string[] = [];
  const where = `${r.scenario} (http x${r.httpProcesses})`;
  if (r.scenario === "checkout_hot" && (r.ratio ?? 0) < GOALS.hotRatio)
    misses.push(
      `${where}: ${fmt(r.ratio, 2)} x limit, goal >= ${GOALS.hotRatio} (short by ${shortBy(GOALS.hotRatio, r.ratio)}%)`,
    );
  if (r.scenario === "checkout_spread" && (r.ratio ?? 0) < GOALS.spreadRatio)
    misses.push(
      `${where}: ${fmt(r.ratio, 2)} x limit, goal >= ${GOALS.spreadRatio} (short by ${shortBy(GOALS.spreadRatio, r.ratio)}%)`,
    );
  if (r.scenario === "products" && !(r.p99Ms < GOALS.productsP99Ms))
    misses.push(`${where}: p99 ${fmt(r.p99Ms, 1)} ms, goal < ${GOALS.productsP99Ms} ms`);
  if (r.status5xx > 0) misses.push(`${where}: ${r.status5xx} responses 5xx, goal 0`);
  if (r.errors > 0) misses.push(`${where}: ${r.errors} requests without a response (errors/timeouts)`);
  if (r.unanswered > r.httpProcesses * CONNECTIONS || r.requests < CONNECTIONS * 2)
    misses.push(
      `${where}: STALLED, ${r.requests} responses in ${fmt(r.seconds)} s, ${r.unanswered} requests still unanswered at the end`,
    );
  if (r.auditViolations > 0) misses.push(`${where}: audit found ${r.auditViolations} violations`);
  return misses;
}

/** Every scenario's misses, then the pgbench audit's. */
export function findMisses(results: readonly ScenarioResult[], limitAudit: AuditOutcome): string[] {
  const misses = results.flatMap(missesOf);
  if (limitAudit.count > 0) misses.push(`pgbench: audit found ${limitAudit.count} violations`);
  return misses;
}

/** The first throughput/latency goal missed with 1 HTTP process, if any. */
export function firstMissedScenario(results: readonly ScenarioResult[]): ScenarioName | undefined {
  return results.find(
    (r) =>
      r.httpProcesses === 1 &&
      ((r.scenario === "checkout_hot" && (r.ratio ?? 0) < GOALS.hotRatio) ||
        (r.scenario === "checkout_spread" && (r.ratio ?? 0) < GOALS.spreadRatio) ||
        (r.scenario === "products" && !(r.p99Ms < GOALS.productsP99Ms))),
  )?.scenario;
}

/** A miss when any process did not exit 0 on SIGTERM. */
export function exitMisses(exits: readonly ProcessExit[]): string[] {
  const badExits = exits.filter((e) => e.code !== 0);
  return badExits.length > 0 ? [`processes that did not exit 0 on SIGTERM: ${JSON.stringify(badExits)}`] : [];
}
