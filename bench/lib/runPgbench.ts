// Runs pgbench with a script against a database and parses its throughput, latencies and failures.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { runMeasured } from "./runMeasured.js";

export interface PgbenchOptions {
  /** postgres:// URL of the database to run in. */
  readonly url: string;
  readonly scriptFile: string;
  readonly clients: number;
  readonly threads: number;
  readonly seconds: number;
  readonly variables: Readonly<Record<string, string | number>>;
  readonly pgbench?: string;
}

export interface PgbenchResult {
  readonly tps: number;
  readonly transactions: number;
  readonly failed: number;
  readonly latencyAvgMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly output: string;
  /** CPU seconds pgbench (the client) used, that over the run's wall time, and that over the machine's CPUs. */
  readonly clientCpuSeconds: number;
  readonly clientCores: number;
  readonly clientCpuShare: number;
}

/** Runs pgbench (extended protocol, like node-postgres' unnamed statements) and parses its report. */
export async function runPgbench(options: PgbenchOptions): Promise<PgbenchResult> {
  const url = new URL(options.url);
  const logDir = mkdtempSync(join(tmpdir(), "pgbench-"));
  const args = [
    "-h",
    url.hostname,
    "-p",
    url.port || "5432",
    "-U",
    decodeURIComponent(url.username || "postgres"),
    "-n",
    "-M",
    "extended",
    "-c",
    String(options.clients),
    "-j",
    String(options.threads),
    "-T",
    String(options.seconds),
    // Per-transaction latencies for the percentiles: one log line each, read back below.
    "-l",
    `--log-prefix=${join(logDir, "tx")}`,
    "-f",
    options.scriptFile,
    ...Object.entries(options.variables).flatMap(([k, v]) => ["-D", `${k}=${v}`]),
    url.pathname.replace(/^\//, ""),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.password !== "") env.PGPASSWORD = decodeURIComponent(url.password);
  const run = await runMeasured(options.pgbench ?? "pgbench", args, env);
  const output = run.stdout + run.stderr;
  if (run.code !== 0) throw new Error(`pgbench exited ${run.code}:\n${output.slice(-2000)}`);
  const latenciesUs: number[] = [];
  for (const file of readdirSync(logDir)) {
    // client_id transaction_no time_us script_no epoch epoch_us
    for (const line of readFileSync(join(logDir, file), "utf8").split("\n")) {
      const us = Number(line.split(" ")[2]);
      if (Number.isFinite(us) && line !== "") latenciesUs.push(us);
    }
  }
  rmSync(logDir, { recursive: true, force: true });
  latenciesUs.sort((a, b) => a - b);
  const percentileMs = (p: number) =>
    (latenciesUs[Math.min(latenciesUs.length - 1, Math.ceil((p / 100) * latenciesUs.length) - 1)] ?? Number.NaN) / 1000;
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? Number.NaN);
  return {
    tps: number(/tps = ([\d.]+) \(without initial connection time\)/),
    transactions: number(/number of transactions actually processed: (\d+)/),
    failed: number(/number of failed transactions: (\d+)/) || 0,
    latencyAvgMs: number(/latency average = ([\d.]+) ms/),
    p50Ms: percentileMs(50),
    p99Ms: percentileMs(99),
    output,
    clientCpuSeconds: run.cpuSeconds,
    clientCores: run.cpuSeconds / run.wallSeconds,
    clientCpuShare: run.cpuSeconds / run.wallSeconds / cpus().length,
  };
}
