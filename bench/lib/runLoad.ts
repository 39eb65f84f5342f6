// Drives one or more HTTP processes with wrk (bench/lua/scenario.lua) and reduces the run to a LoadResult.
import { cpus } from "node:os";
import { join } from "node:path";
import { runMeasured } from "./runMeasured.js";
import type { ScenarioName } from "./scenarios.js";
import { HOT_PRODUCT, HOT_WAREHOUSE, PRODUCTS } from "./scenarios.js";
import { ROOT, WRK_THREADS } from "./settings.js";

/** What the wrk script needs to act as the customers: files of tokens and emails, one a line. */
export interface LoadFiles {
  readonly tokensFile: string;
  readonly emailsFile: string;
  readonly password: string;
}

export interface LoadOptions {
  readonly scenario: ScenarioName;
  /** One or more base URLs (one per HTTP process); connections are shared out equally. */
  readonly urls: readonly string[];
  readonly connections: number;
  readonly seconds: number;
  readonly files: LoadFiles;
}

export interface LoadResult {
  readonly title: string;
  readonly connections: number;
  readonly seconds: number;
  readonly requests: number;
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Socket errors and timeouts (no response at all). */
  readonly errors: number;
  readonly timeouts: number;
  /** Sent but not answered when the run ended (a stall shows here, not as a timeout). */
  readonly unanswered: number;
  readonly non2xx: number;
  readonly status5xx: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** CPU seconds the load generator (every wrk process) used, and that over the run's wall time. */
  readonly loadCpuSeconds: number;
  readonly loadCores: number;
  /** loadCores over the machine's CPUs. */
  readonly loadCpuShare: number;
}

interface WrkSummary {
  durationUs: number;
  responses: number;
  sent: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  errors: { connect: number; read: number; write: number; timeout: number };
  statusCounts: Record<string, number>;
}

const SCRIPT = join(ROOT, "bench/lua/scenario.lua");

/**
 * Drives the service over loopback with wrk, a C load generator (like pgbench for the limit), so
 * the client's share of the two cores stays small; the Lua script builds each request (random
 * customer token, checkout body) and counts statuses. Several URLs (one per HTTP process) get one
 * wrk each, running at once with an equal share of the connections and of WRK_THREADS; their
 * figures are combined: throughput and counts add up, each latency percentile is the worse of the
 * parts (an upper bound, never flattering).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const share = Math.ceil(options.connections / options.urls.length);
  const threads = Math.max(1, Math.min(share, Math.floor(WRK_THREADS / options.urls.length)));
  const parts = await Promise.all(options.urls.map((url) => runOne(options, url, share, threads)));
  const sum = (pick: (r: LoadResult) => number) => parts.reduce((total, r) => total + pick(r), 0);
  const worst = (pick: (r: LoadResult) => number) => Math.max(...parts.map(pick));
  const statusCounts: Record<string, number> = {};
  for (const part of parts) {
    for (const [code, count] of Object.entries(part.statusCounts))
      statusCounts[code] = (statusCounts[code] ?? 0) + count;
  }
  const seconds = worst((r) => r.seconds);
  const loadCpuSeconds = sum((r) => r.loadCpuSeconds);
  return {
    title: options.scenario,
    connections: options.connections,
    seconds,
    requests: sum((r) => r.requests),
    reqPerSec: sum((r) => r.reqPerSec),
    p50Ms: worst((r) => r.p50Ms),
    p90Ms: worst((r) => r.p90Ms),
    p99Ms: worst((r) => r.p99Ms),
    maxMs: worst((r) => r.maxMs),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    unanswered: sum((r) => r.unanswered),
    non2xx: sum((r) => r.non2xx),
    status5xx: sum((r) => r.status5xx),
    statusCounts,
    loadCpuSeconds,
    loadCores: loadCpuSeconds / seconds,
    loadCpuShare: loadCpuSeconds / seconds / cpus().length,
  };
}

/** One wrk run against one URL, summarized. */
async function runOne(options: LoadOptions, url: string, connections: number, threads: number): Promise<LoadResult> {
  const { files } = options;
  const run = await runMeasured("wrk", [
    `--threads=${threads}`,
    `--connections=${connections}`,
    `--duration=${options.seconds}s`,
    "--timeout=10s",
    `--script=${SCRIPT}`,
    url,
    "--",
    options.scenario,
    files.tokensFile,
    files.emailsFile,
    files.password,
    String(PRODUCTS),
    String(HOT_PRODUCT),
    String(HOT_WAREHOUSE),
  ]);
  const line = run.stdout.split("\n").find((l) => l.startsWith("WRK_RESULT "));
  if (run.code !== 0 || line === undefined)
    throw new Error(`wrk ${options.scenario} exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
  const w = JSON.parse(line.slice("WRK_RESULT ".length)) as WrkSummary;
  const seconds = w.durationUs / 1e6;
  const counted = (test: (status: number) => boolean) =>
    Object.entries(w.statusCounts).reduce((n, [status, count]) => n + (test(Number(status)) ? count : 0), 0);
  const errors = w.errors.connect + w.errors.read + w.errors.write + w.errors.timeout;
  return {
    title: options.scenario,
    connections,
    seconds,
    requests: w.responses,
    reqPerSec: w.responses / seconds,
    p50Ms: w.p50Us / 1000,
    p90Ms: w.p90Us / 1000,
    p99Ms: w.p99Us / 1000,
    maxMs: w.maxUs / 1000,
    errors,
    timeouts: w.errors.timeout,
    unanswered: Math.max(0, w.sent - w.responses - errors),
    non2xx: counted((s) => s < 200 || s > 299),
    status5xx: counted((s) => s >= 500),
    statusCounts: w.statusCounts,
    loadCpuSeconds: run.cpuSeconds,
    loadCores: run.cpuSeconds / seconds,
    loadCpuShare: run.cpuSeconds / seconds / cpus().length,
  };
}
