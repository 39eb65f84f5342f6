/**
 * `make bench`: the service in real mode (separate http and worker processes, compiled dist/)
 * against the local PostgreSQL and Redis, driven over 127.0.0.1 by autocannon in a fresh child
 * process per scenario (bench/lib/loadProcess.ts), next to pgbench running the same checkout SQL
 * on the same server (the limit).
 *
 * Own database (bench_<random>, dropped at the end) and own Redis database index (BENCH_REDIS_DB,
 * default 13, flushed before and after). Bounded: about 10 s per scenario, 3-4 minutes in all.
 * Writes bench/results/<timestamp>.json and .md, and bench/results/latest.md.
 *
 * Settings (environment): BENCH_DATABASE_URL (admin URL), BENCH_REDIS_URL, BENCH_REDIS_DB,
 * BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_HTTP_PROCESSES ("1,2"), BENCH_LOG_LEVEL (warn),
 * BENCH_POOL_MAX (the service's DATABASE_POOL_MAX, 10), BENCH_PROFILE (auto|always|never),
 * BENCH_SCENARIOS (comma-separated subset of checkout_hot,checkout_spread,checkout_pay,products,login).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { auditDatabase, connectPostgres, connectRedis, migrate, type SqlRunner } from "@orders/adapters";
import { checkoutPgbenchScript } from "./lib/checkoutPgbenchScript.js";
import { loadBenchDataset, mintTokens } from "./lib/loadBenchDataset.js";
import type { LoadJob, LoadProcessOutput } from "./lib/loadProcess.js";
import type { LoadResult } from "./lib/runLoad.js";
import { type PgbenchResult, runPgbench } from "./lib/runPgbench.js";
import { freePort, ServiceProcess } from "./lib/ServiceProcess.js";
import { type Fixture, HOT_PRODUCT, HOT_WAREHOUSE, PRODUCTS, type ScenarioName } from "./lib/scenarios.js";
import { createScratchDatabase, type ScratchDatabase } from "./lib/scratchDatabase.js";
import { type ProfileSummary, summarizeCpuProfile } from "./lib/summarizeCpuProfile.js";

const env = process.env;
const ROOT = resolve(import.meta.dirname, "..");
const ADMIN_URL = env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_BASE = env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const REDIS_DB = Number(env.BENCH_REDIS_DB ?? 13);
const SECONDS = Number(env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
const HTTP_COUNTS = (env.BENCH_HTTP_PROCESSES ?? "1,2").split(",").map(Number);
const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? "warn";
const POOL_MAX = Number(env.BENCH_POOL_MAX ?? 10);
const PROFILE = env.BENCH_PROFILE ?? "auto";
const RESERVATION_TTL_SECONDS = 300;
const SWEEP_INTERVAL_SECONDS = 5;
const WARMUP_SECONDS = 3;

const CUSTOMERS = 1_000;
const WAREHOUSES = 3;
const STOCK_PER_ROW = 100_000_000;
/** The warehouse the allocation policy picks when every one has stock: the first by priority. */
const FIRST_WAREHOUSE = 1;

const GOALS = { hotRatio: 0.6, spreadRatio: 0.5, productsP99Ms: 25 } as const;

// Checkouts first, so the peak RSS read after them is the peak under checkout load.
const ALL_SCENARIOS: readonly ScenarioName[] = ["checkout_hot", "checkout_spread", "checkout_pay", "products", "login"];
const SCENARIOS = ALL_SCENARIOS.filter((s) => (env.BENCH_SCENARIOS ?? s).split(",").includes(s));

interface ScenarioResult extends LoadResult {
  readonly scenario: ScenarioName;
  readonly httpProcesses: number;
  readonly limitTps: number | null;
  readonly ratio: number | null;
  readonly paid?: number;
  readonly auditViolations: number;
  readonly auditSample: readonly string[];
  readonly memory: Readonly<Record<string, { peakRssKb: number; rssKb: number } | undefined>>;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function audit(db: SqlRunner, label: string): Promise<{ count: number; sample: string[] }> {
  const violations = await auditDatabase(db, { sweepIntervalSeconds: SWEEP_INTERVAL_SECONDS });
  const sample = violations.slice(0, 5).map((v) => `${v.check}: ${v.message}`);
  log(`  audit after ${label}: ${violations.length === 0 ? "passed" : `FAILED, ${violations.length} violations`}`);
  for (const line of sample) log(`    ${line}`);
  return { count: violations.length, sample };
}

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(digits);

async function main(): Promise<void> {
  const httpMain = join(ROOT, "packages/app-http/dist/main.js");
  const workerMain = join(ROOT, "packages/app-worker/dist/main.js");
  for (const file of [httpMain, workerMain]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run make build first`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const resultsDir = join(ROOT, "bench/results");
  mkdirSync(resultsDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), "orders-bench-"));
  const redisUrl = `${REDIS_BASE.replace(/\/\d*$/, "")}/${REDIS_DB}`;
  const jwtSecret = randomBytes(32).toString("hex");
  const processes: ServiceProcess[] = [];
  let scratch: ScratchDatabase | undefined;
  let db: SqlRunner | undefined;

  const flushRedis = async () => {
    const client = await connectRedis(redisUrl);
    try {
      await client.flushDb();
    } finally {
      client.destroy();
    }
  };
  const cleanup = async () => {
    await Promise.all(processes.map((p) => p.stop("SIGTERM", 5_000)));
    await db?.close().catch(() => undefined);
    await scratch?.drop().catch((error: unknown) => log(`could not drop ${scratch?.name}: ${String(error)}`));
    await flushRedis().catch(() => undefined);
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    log("interrupted: stopping the processes and dropping the bench database");
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const started = Date.now();
  const loadAverage0 = loadavg().map((n) => Number(n.toFixed(2)));
  try {
    scratch = await createScratchDatabase(ADMIN_URL, "bench");
    db = connectPostgres({ connectionString: scratch.url, max: 2 });
    await migrate(db);
    const dataset = await loadBenchDataset(db, {
      products: PRODUCTS,
      customers: CUSTOMERS,
      warehouses: WAREHOUSES,
      stockPerRow: STOCK_PER_ROW,
    });
    const fixture: Fixture = {
      tokens: await mintTokens(
        jwtSecret,
        dataset.customers.map((c) => c.id),
      ),
      emails: dataset.customers.map((c) => c.email),
      password: dataset.password,
    };
    await flushRedis();
    log(
      `bench database ${scratch.name}: ${PRODUCTS} products x ${WAREHOUSES} warehouses, ${CUSTOMERS} customers with tokens; Redis db ${REDIS_DB}`,
    );

    // The limit: the same checkout SQL from pgbench, same server, same client count.
    const scriptFile = join(workDir, "checkout.sql");
    writeFileSync(scriptFile, await checkoutPgbenchScript());
    writeFileSync(join(resultsDir, "checkout.pgbench.sql"), await checkoutPgbenchScript());
    const pgbench = async (label: string, pid: [number, number], wid: number): Promise<PgbenchResult> => {
      const result = await runPgbench({
        url: scratch?.url ?? "",
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
        `pgbench ${label}: ${fmt(result.tps)} tx/s, p50 ${fmt(result.p50Ms, 1)} ms, p99 ${fmt(result.p99Ms, 1)} ms, ${result.failed} failed (${CONNECTIONS} clients, ${SECONDS} s)`,
      );
      return result;
    };
    const limits = {
      hot: await pgbench("hot-SKU checkout", [HOT_PRODUCT, HOT_PRODUCT], HOT_WAREHOUSE),
      spread: await pgbench("spread checkout", [1, PRODUCTS], FIRST_WAREHOUSE),
    };
    const limitAudit = await audit(db, "pgbench");

    const results: ScenarioResult[] = [];
    const exits: { name: string; code: number | null; ms: number }[] = [];

    const startService = async (httpCount: number, nodeArgs: readonly string[] = []) => {
      const commonEnv = {
        DATABASE_URL: scratch?.url ?? "",
        REDIS_URL: redisUrl,
        RESERVATION_TTL_SECONDS: String(RESERVATION_TTL_SECONDS),
        SWEEP_INTERVAL_SECONDS: String(SWEEP_INTERVAL_SECONDS),
        LOG_LEVEL,
        NODE_ENV: "production",
      };
      const healthPort = await freePort();
      const workerProcess = new ServiceProcess({
        name: "worker",
        script: workerMain,
        env: { ...commonEnv, WORKER_HEALTH_PORT: String(healthPort) },
        logFile: join(workDir, `x${httpCount}-worker.log`),
        readyUrl: `http://127.0.0.1:${healthPort}/healthz`,
      });
      const https: ServiceProcess[] = [];
      for (let i = 1; i <= httpCount; i++) {
        const port = await freePort();
        https.push(
          new ServiceProcess({
            name: `http-${i}`,
            script: httpMain,
            env: { ...commonEnv, JWT_SECRET: jwtSecret, PORT: String(port), DATABASE_POOL_MAX: String(POOL_MAX) },
            nodeArgs,
            logFile: join(workDir, `x${httpCount}-http-${i}.log`),
            readyUrl: `http://127.0.0.1:${port}/readyz`,
          }),
        );
      }
      const all = [workerProcess, ...https];
      for (const p of all) {
        processes.push(p);
        p.start();
      }
      await Promise.all(all.map((p) => p.waitReady()));
      return { worker: workerProcess, https, urls: https.map((p) => `http://127.0.0.1:${p.options.env.PORT}`) };
    };
    const stopService = async (all: readonly ServiceProcess[]) => {
      for (const p of all) {
        const exit = await p.stop("SIGTERM", 12_000);
        exits.push({ name: p.options.name, code: exit.code, ms: exit.ms });
        processes.splice(processes.indexOf(p), 1);
      }
    };

    // Each load run in a fresh process (issue 6: a separate load generator), so no autocannon or
    // HTTP client state carries over from one scenario to the next.
    let jobs = 0;
    const runLoadProcess = async (job: LoadJob): Promise<LoadProcessOutput> => {
      const jobFile = join(workDir, `load-${++jobs}-${job.scenario}.json`);
      writeFileSync(jobFile, JSON.stringify(job));
      const child = spawn(
        process.execPath,
        ["--conditions=development", "--import", "tsx", join(ROOT, "bench/lib/loadProcess.ts"), jobFile],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once("error", reject);
        // "close", not "exit": stdout is fully read by then.
        child.once("close", resolve);
      });
      const line = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || line === "") throw new Error(`load process for ${job.scenario} exited ${code}: ${stdout}`);
      return JSON.parse(line) as LoadProcessOutput;
    };
    const runScenario = async (
      scenario: ScenarioName,
      urls: readonly string[],
      httpCount: number,
      seconds = SECONDS,
    ): Promise<LoadResult & { paid: number }> => {
      const { result, counters } = await runLoadProcess({
        scenario,
        urls,
        connections: CONNECTIONS,
        seconds,
        fixture,
      });
      log(
        `${scenario.padEnd(16)} http x${httpCount}: ${fmt(result.reqPerSec)} req/s, p50 ${fmt(result.p50Ms, 1)} ms, p99 ${fmt(result.p99Ms, 1)} ms, errors ${result.errors}, unanswered at the end ${result.unanswered}, non-2xx ${result.non2xx}, 5xx ${result.status5xx}, statuses ${JSON.stringify(result.statusCounts)}${scenario === "checkout_pay" ? `, paid ${counters.paid}` : ""}`,
      );
      return { ...result, paid: counters.paid };
    };

    for (const httpCount of HTTP_COUNTS) {
      log(`\n--- ${httpCount} HTTP process(es), 1 worker, ${CONNECTIONS} connections ---`);
      const service = await startService(httpCount);
      // Warm the JIT and the pools before measuring.
      await runLoadProcess({
        scenario: "checkout_pay",
        urls: service.urls,
        connections: CONNECTIONS,
        seconds: WARMUP_SECONDS,
        fixture,
      });
      for (const scenario of SCENARIOS) {
        const load = await runScenario(scenario, service.urls, httpCount);
        const memory: Record<string, { peakRssKb: number; rssKb: number } | undefined> = {};
        for (const p of [...service.https, service.worker]) memory[p.options.name] = p.memory();
        const checked = await audit(db, `${scenario} (http x${httpCount})`);
        const limit =
          scenario === "checkout_hot" ? limits.hot.tps : scenario === "checkout_spread" ? limits.spread.tps : null;
        results.push({
          ...load,
          scenario,
          httpProcesses: httpCount,
          limitTps: limit,
          ratio: limit === null ? null : load.reqPerSec / limit,
          auditViolations: checked.count,
          auditSample: checked.sample,
          memory,
        });
      }
      await stopService([...service.https, service.worker]);
    }

    // Goals, per HTTP process count.
    const misses: string[] = [];
    for (const r of results) {
      const where = `${r.scenario} (http x${r.httpProcesses})`;
      if (r.scenario === "checkout_hot" && (r.ratio ?? 0) < GOALS.hotRatio)
        misses.push(
          `${where}: ${fmt(r.ratio, 2)} x limit, goal >= ${GOALS.hotRatio} (short by ${fmt(((GOALS.hotRatio - (r.ratio ?? 0)) / GOALS.hotRatio) * 100)}%)`,
        );
      if (r.scenario === "checkout_spread" && (r.ratio ?? 0) < GOALS.spreadRatio)
        misses.push(
          `${where}: ${fmt(r.ratio, 2)} x limit, goal >= ${GOALS.spreadRatio} (short by ${fmt(((GOALS.spreadRatio - (r.ratio ?? 0)) / GOALS.spreadRatio) * 100)}%)`,
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
    }
    if (limitAudit.count > 0) misses.push(`pgbench: audit found ${limitAudit.count} violations`);

    // A profile of the first missed throughput/latency scenario (or hot checkout when asked to).
    let profile: { scenario: ScenarioName; summary: ProfileSummary; file: string } | undefined;
    const missed = results.find(
      (r) =>
        r.httpProcesses === 1 &&
        ((r.scenario === "checkout_hot" && (r.ratio ?? 0) < GOALS.hotRatio) ||
          (r.scenario === "checkout_spread" && (r.ratio ?? 0) < GOALS.spreadRatio) ||
          (r.scenario === "products" && !(r.p99Ms < GOALS.productsP99Ms))),
    );
    const profileScenario: ScenarioName | undefined =
      PROFILE === "never" ? undefined : (missed?.scenario ?? (PROFILE === "always" ? "checkout_hot" : undefined));
    if (profileScenario !== undefined) {
      log(`\n--- CPU profile of one HTTP process under ${profileScenario} ---`);
      const profileDir = join(workDir, "profile");
      const service = await startService(1, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
      await runScenario(profileScenario, service.urls, 1);
      await stopService([...service.https, service.worker]);
      const file = readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
      if (file !== undefined) {
        const summary = summarizeCpuProfile(join(profileDir, file));
        profile = { scenario: profileScenario, summary, file: join(profileDir, file) };
        log(`self time by area (of ${summary.totalMs} ms sampled):`);
        for (const a of summary.areas.slice(0, 10)) log(`  ${fmt(a.share * 100, 1).padStart(5)}%  ${a.name}`);
        log("top functions by self time:");
        for (const f of summary.functions.slice(0, 12)) log(`  ${fmt(f.share * 100, 1).padStart(5)}%  ${f.name}`);
      } else {
        log("no .cpuprofile was written (did the process exit cleanly?)");
      }
    }

    const badExits = exits.filter((e) => e.code !== 0);
    if (badExits.length > 0) misses.push(`processes that did not exit 0 on SIGTERM: ${JSON.stringify(badExits)}`);

    const report = {
      startedAt: new Date(started).toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
      settings: {
        connections: CONNECTIONS,
        secondsPerScenario: SECONDS,
        httpProcesses: HTTP_COUNTS,
        workers: 1,
        databasePoolMaxPerHttpProcess: POOL_MAX,
        logLevel: LOG_LEVEL,
        reservationTtlSeconds: RESERVATION_TTL_SECONDS,
        dataset: { products: PRODUCTS, customers: CUSTOMERS, warehouses: WAREHOUSES, stockPerRow: STOCK_PER_ROW },
        node: process.version,
        cpus: cpus().length,
        // Other work on the machine competes with the service, PostgreSQL and the load generator.
        loadAverageAtStart: loadAverage0,
        loadAverageAtEnd: loadavg().map((n) => Number(n.toFixed(2))),
      },
      limits: {
        hot: { ...limits.hot, output: undefined },
        spread: { ...limits.spread, output: undefined },
      },
      results,
      goals: GOALS,
      misses,
      exits,
      profile: profile === undefined ? null : { scenario: profile.scenario, ...profile.summary },
    };
    const markdown = renderMarkdown(report, limits, results, misses, profile);
    writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(resultsDir, `${stamp}.md`), markdown);
    writeFileSync(join(resultsDir, "latest.md"), markdown);
    log(`\n${markdown}`);
    log(`process logs and the raw profile: ${workDir}`);
    log(`results: bench/results/${stamp}.json, bench/results/${stamp}.md, bench/results/latest.md`);
    process.exitCode = misses.length === 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

function renderMarkdown(
  report: { startedAt: string; seconds: number; settings: Record<string, unknown> },
  limits: { hot: PgbenchResult; spread: PgbenchResult },
  results: readonly ScenarioResult[],
  misses: readonly string[],
  profile: { scenario: ScenarioName; summary: ProfileSummary } | undefined,
): string {
  const lines: string[] = [];
  lines.push(`# Benchmark ${report.startedAt}`, "");
  lines.push(
    `Real mode on 127.0.0.1: compiled http and worker processes, local PostgreSQL and Redis, autocannon with ${CONNECTIONS} connections for ${SECONDS} s per scenario; pgbench runs the adapters' checkout SQL with ${CONNECTIONS} clients (the limit). ${PRODUCTS} products in ${WAREHOUSES} active warehouses, ${CUSTOMERS} customers. Service settings: DATABASE_POOL_MAX=${POOL_MAX} per HTTP process, LOG_LEVEL=${LOG_LEVEL}. ${String(report.settings.cpus)} CPUs; load average ${JSON.stringify(report.settings.loadAverageAtStart)} at the start, ${JSON.stringify(report.settings.loadAverageAtEnd)} at the end (other work on the machine shares the cores). Whole run ${report.seconds} s.`,
    "",
  );
  lines.push("| limit (pgbench) | tx/s | p50 ms | p99 ms | failed |", "| --- | ---: | ---: | ---: | ---: |");
  lines.push(
    `| hot-SKU checkout SQL | ${fmt(limits.hot.tps)} | ${fmt(limits.hot.p50Ms, 1)} | ${fmt(limits.hot.p99Ms, 1)} | ${limits.hot.failed} |`,
  );
  lines.push(
    `| spread checkout SQL | ${fmt(limits.spread.tps)} | ${fmt(limits.spread.p50Ms, 1)} | ${fmt(limits.spread.p99Ms, 1)} | ${limits.spread.failed} |`,
    "",
  );
  lines.push(
    "| scenario | http procs | req/s | p50 ms | p99 ms | errors | non-2xx | 5xx | service/limit | audit |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  );
  for (const r of results) {
    const name = r.scenario === "checkout_pay" ? `checkout_pay (${fmt(r.paid ?? 0)} paid)` : r.scenario;
    lines.push(
      `| ${name} | ${r.httpProcesses} | ${fmt(r.reqPerSec)} | ${fmt(r.p50Ms, 1)} | ${fmt(r.p99Ms, 1)} | ${r.errors} | ${r.non2xx} | ${r.status5xx} | ${r.ratio === null ? "" : fmt(r.ratio, 2)} | ${r.auditViolations === 0 ? "passed" : `${r.auditViolations} violations`} |`,
    );
  }
  lines.push("", "Peak RSS (VmHWM, MB) after the checkout scenarios / after all scenarios:", "");
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
  lines.push(
    "",
    "Goals: hot-SKU >= 0.6 x limit, spread >= 0.5 x, GET /products p99 < 25 ms, zero 5xx, audit passes.",
    "",
  );
  if (misses.length === 0) lines.push("All goals met.");
  else for (const m of misses) lines.push(`- MISSED ${m}`);
  if (profile !== undefined) {
    lines.push(
      "",
      `CPU profile of one HTTP process under ${profile.scenario} (${profile.summary.totalMs} ms sampled):`,
      "",
    );
    lines.push("| self time by area | share |", "| --- | ---: |");
    for (const a of profile.summary.areas.slice(0, 10)) lines.push(`| ${a.name} | ${fmt(a.share * 100, 1)}% |`);
    lines.push("", "| top functions by self time | share |", "| --- | ---: |");
    for (const f of profile.summary.functions.slice(0, 12)) lines.push(`| \`${f.name}\` | ${fmt(f.share * 100, 1)}% |`);
  }
  lines.push("");
  return lines.join("\n");
}

await main();
