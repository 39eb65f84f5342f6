// Checks the results against the goals and lists every miss, one line each.
import type { AuditOutcome } from "./audit.js";
import type { ProcessExit } from "./benchServices.js";
import type { ScenarioResult } from "./measureScenarios.js";
import type { ScenarioName } from "./scenarios.js";
import { CONNECTIONS, fmt, GOALS, LOW_CONNECTIONS, TODAY } from "./settings.js";

const shortBy = (goal: number, actual: number | null) => fmt(((goal - (actual ?? 0)) / goal) * 100);
const overBy = (goal: number, actual: number) => fmt(((actual - goal) / goal) * 100);

/** The throughput and latency goals one result misses (none for scenarios without goals). */
function performanceMisses(r: ScenarioResult): string[] {
  const misses: string[] = [];
  const where = `${r.scenario} (http x${r.httpProcesses}, ${r.connections} connections)`;
  const today = TODAY[r.httpProcesses];
  const checkout = r.scenario === "checkout_hot" || r.scenario === "checkout_spread";
  if (r.connections === CONNECTIONS) {
    if (r.scenario === "checkout_hot" && (r.ratio ?? 0) < GOALS.hotRatio)
      misses.push(
        `${where}: ${fmt(r.ratio, 2)} x limit, goal >= ${GOALS.hotRatio} (short by ${shortBy(GOALS.hotRatio, r.ratio)}%)`,
      );
    if (r.scenario === "checkout_spread" && (r.ratio ?? 0) < GOALS.spreadRatio)
      misses.push(
        `${where}: ${fmt(r.ratio, 2)} x limit, goal >= ${GOALS.spreadRatio} (short by ${shortBy(GOALS.spreadRatio, r.ratio)}%)`,
      );
    const todayP99 = r.scenario === "checkout_hot" ? today?.hotP99Ms : today?.spreadP99Ms;
    if (checkout && todayP99 !== undefined && !(r.p99Ms <= todayP99))
      misses.push(
        `${where}: p99 ${fmt(r.p99Ms, 1)} ms, goal <= ${todayP99} ms (before) (over by ${overBy(todayP99, r.p99Ms)}%)`,
      );
    if (r.scenario === "products" && !(r.p99Ms < GOALS.productsP99Ms))
      misses.push(
        `${where}: p99 ${fmt(r.p99Ms, 1)} ms, goal < ${GOALS.productsP99Ms} ms (over by ${overBy(GOALS.productsP99Ms, r.p99Ms)}%)`,
      );
    const productsGoal = today === undefined ? undefined : today.productsReqPerSec * GOALS.productsSpeedup;
    if (r.scenario === "products" && productsGoal !== undefined && !(r.reqPerSec >= productsGoal))
      misses.push(
        `${where}: ${fmt(r.reqPerSec)} req/s, goal >= ${fmt(productsGoal)} (${GOALS.productsSpeedup} x ${today?.productsReqPerSec} before) (short by ${shortBy(productsGoal, r.reqPerSec)}%)`,
      );
  }
  if (r.connections === LOW_CONNECTIONS && checkout && !(r.p99Ms <= GOALS.lowConnectionsCheckoutP99Ms))
    misses.push(
      `${where}: p99 ${fmt(r.p99Ms, 1)} ms, goal <= ${GOALS.lowConnectionsCheckoutP99Ms} ms (over by ${overBy(GOALS.lowConnectionsCheckoutP99Ms, r.p99Ms)}%)`,
    );
  return misses;
}

/** The goals missed by one scenario result, per HTTP process count. */
function missesOf(r: ScenarioResult): string[] {
  const misses = performanceMisses(r);
  const where = `${r.scenario} (http x${r.httpProcesses}, ${r.connections} connections)`;
  if (r.status5xx > 0) misses.push(`${where}: ${r.status5xx} responses 5xx, goal 0`);
  if (r.errors > 0) misses.push(`${where}: ${r.errors} requests without a response (errors/timeouts)`);
  if (r.unanswered > r.connections || r.requests < r.connections * 2)
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

/** The first scenario missing a throughput/latency goal with 1 HTTP process, if any. */
export function firstMissedScenario(results: readonly ScenarioResult[]): ScenarioName | undefined {
  return results.find((r) => r.httpProcesses === 1 && performanceMisses(r).length > 0)?.scenario;
}

/** A miss when any process did not exit 0 on SIGTERM. */
export function exitMisses(exits: readonly ProcessExit[]): string[] {
  const badExits = exits.filter((e) => e.code !== 0);
  return badExits.length > 0 ? [`processes that did not exit 0 on SIGTERM: ${JSON.stringify(badExits)}`] : [];
}
