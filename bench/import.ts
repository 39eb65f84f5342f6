// `make bench-import`: 100,000 products with stock in one warehouse through POST /products/import, rows/s and the HTTP process's peak RSS, in real and embedded mode.
import { randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres, migrate } from "@orders/adapters";
import { freePort, ServiceProcess } from "./lib/ServiceProcess.js";
import { createScratchDatabase } from "./lib/scratchDatabase.js";
import { ADMIN_URL, fmt, log, REDIS_BASE, ROOT } from "./lib/settings.js";

const env = process.env;
const ROWS = Number(env.BENCH_IMPORT_ROWS ?? 100_000);
const MODES = (env.BENCH_IMPORT_MODES ?? "real,embedded").split(",");
const GOAL_ROWS_PER_SECOND = 20_000;
const GOAL_PEAK_RSS_MB = 300;
const HTTP_MAIN = join(ROOT, "packages/app-http/dist/main.js");

interface Step {
  readonly mode: string;
  readonly step: string;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly peakRssMb: number;
  /** CPU seconds the HTTP process and (real mode) the database's backends spent on the step. */
  readonly httpCpu: number;
  readonly dbCpu: number;
  readonly answer: string;
}

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of one process so far (0 once it is gone). */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of the PostgreSQL backends serving `database` (same machine). The machine is shared
 * with other work while the bench runs, so wall time overstates what the import costs; CPU time
 * does not, and rows / (HTTP CPU + database CPU) bounds what an idle 2-core machine would do.
 */
async function databaseCpu(adminUrl: string, database: string | null): Promise<Map<number, number>> {
  const cpu = new Map<number, number>();
  if (database === null) return cpu;
  const admin = connectPostgres({ connectionString: adminUrl, max: 1 });
  try {
    const rows = await admin.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [database],
    );
    for (const r of rows) cpu.set(r.pid, cpuSeconds(r.pid));
  } finally {
    await admin.close();
  }
  return cpu;
}

const cpuSpent = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0);

/** A CSV of `ROWS` products, each with a count in warehouse 1 (the seed's first). */
function writeCsv(path: string, onHand: (i: number) => number): number {
  const lines = ["sku,name,price_cents,warehouse_id,on_hand"];
  for (let i = 1; i <= ROWS; i++) {
    lines.push(
      `BENCH-${String(i).padStart(6, "0")},Bench product ${i} of the import figure,${1000 + (i % 5000)},1,${onHand(i)}`,
    );
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
  return statSync(path).size;
}

async function adminToken(base: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email_or_phone: "admin@example.com", password: "admin123" }),
  });
  const body = (await res.json()) as { token?: string };
  if (body.token === undefined) throw new Error(`admin log-in failed: ${res.status}`);
  return body.token;
}

/** Streams the file to the import route (as `make import` does) and times it to the answer. */
async function importFile(base: string, token: string, file: string): Promise<{ seconds: number; answer: string }> {
  const started = performance.now();
  const res = await fetch(`${base}/products/import`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "text/csv",
      "Content-Length": String(statSync(file).size),
    },
    body: createReadStream(file) as unknown as ReadableStream,
    duplex: "half",
  } as RequestInit);
  const answer = await res.text();
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${answer.slice(0, 500)}`);
  return { seconds, answer };
}

/** Reads the whole export, counting its lines, and times it. */
async function exportAll(base: string, token: string): Promise<{ seconds: number; lines: number }> {
  const started = performance.now();
  const res = await fetch(`${base}/products/export`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.body === null) throw new Error(`export answered ${res.status} without a body`);
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { seconds: (performance.now() - started) / 1000, lines: lines - 1 };
}

async function benchMode(mode: string, workDir: string, files: { create: string; recount: string }): Promise<Step[]> {
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    JWT_SECRET: randomBytes(32).toString("hex"),
  };
  let dropDatabase = async () => {};
  let database: string | null = null;
  if (mode === "real") {
    const scratch = await createScratchDatabase(ADMIN_URL, "bench_import");
    database = scratch.name;
    dropDatabase = () => scratch.drop();
    const db = connectPostgres({ connectionString: scratch.url, max: 1 });
    await migrate(db, { seed: true });
    await db.close();
    Object.assign(env, { DATABASE_URL: scratch.url, REDIS_URL: `${REDIS_BASE.replace(/\/\d*$/, "")}/12` });
  } else {
    env.DATA_DIR = join(workDir, "embedded-data");
  }
  const http = new ServiceProcess({
    name: `http-${mode}`,
    script: HTTP_MAIN,
    env,
    logFile: join(workDir, `${mode}-http.log`),
    readyUrl: `http://127.0.0.1:${port}/readyz`,
  });
  const steps: Step[] = [];
  try {
    http.start();
    await http.waitReady(120_000);
    const base = `http://127.0.0.1:${port}`;
    const token = await adminToken(base);
    const idleMb = (http.memory()?.rssKb ?? Number.NaN) / 1024;
    log(`${mode}: HTTP process ready, RSS ${fmt(idleMb)} MB`);
    for (const [step, file] of [
      ["create 100k + counts", files.create],
      ["re-import, every count changed", files.recount],
    ] as const) {
      const pid = http.pid ?? 0;
      const [httpBefore, dbBefore] = [cpuSeconds(pid), await databaseCpu(ADMIN_URL, database)];
      const { seconds, answer } = await importFile(base, token, file);
      const httpCpu = cpuSeconds(pid) - httpBefore;
      const dbCpu = cpuSpent(dbBefore, await databaseCpu(ADMIN_URL, database));
      const peakRssMb = (http.memory()?.peakRssKb ?? Number.NaN) / 1024;
      const row = { mode, step, rows: ROWS, seconds, rowsPerSecond: ROWS / seconds, peakRssMb, httpCpu, dbCpu, answer };
      steps.push(row);
      log(
        `${mode}: ${step}: ${fmt(seconds, 2)} s, ${fmt(row.rowsPerSecond)} rows/s, peak RSS ${fmt(peakRssMb)} MB, ` +
          `CPU s: HTTP ${fmt(httpCpu, 1)}, database ${fmt(dbCpu, 1)}  ${answer}`,
      );
    }
    const exported = await exportAll(base, token);
    const peakRssMb = (http.memory()?.peakRssKb ?? Number.NaN) / 1024;
    steps.push({
      mode,
      step: "export (streamed)",
      rows: exported.lines,
      seconds: exported.seconds,
      rowsPerSecond: exported.lines / exported.seconds,
      peakRssMb,
      httpCpu: Number.NaN,
      dbCpu: Number.NaN,
      answer: "",
    });
    log(`${mode}: export: ${exported.lines} lines in ${fmt(exported.seconds, 2)} s, peak RSS ${fmt(peakRssMb)} MB`);
  } finally {
    await http.stop();
    await dropDatabase();
  }
  return steps;
}

const workDir = mkdtempSync(join(tmpdir(), "orders-bench-import-"));
try {
  const files = { create: join(workDir, "create.csv"), recount: join(workDir, "recount.csv") };
  const bytes = writeCsv(files.create, (i) => 50 + (i % 50));
  writeCsv(files.recount, (i) => 10 + (i % 30));
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  const loadBefore = load();
  log(`${ROWS} rows, ${fmt(bytes / 1024 / 1024, 1)} MiB of CSV; load average ${loadBefore} on ${cpus().length} cores`);
  const steps: Step[] = [];
  for (const mode of MODES) steps.push(...(await benchMode(mode, workDir, files)));
  const imports = steps.filter((s) => s.step !== "export (streamed)");
  const table = [
    "| mode | step | rows | wall s | rows/s (wall) | HTTP CPU s | DB CPU s | rows per CPU-second | HTTP peak RSS (MB) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...steps.map(
      (s) =>
        `| ${s.mode} | ${s.step} | ${s.rows} | ${fmt(s.seconds, 2)} | ${fmt(s.rowsPerSecond)} | ${fmt(s.httpCpu, 1)} | ` +
        `${fmt(s.dbCpu, 1)} | ${fmt(s.rows / (s.httpCpu + s.dbCpu))} | ${fmt(s.peakRssMb)} |`,
    ),
  ].join("\n");
  const goals = imports.map(
    (s) =>
      `- ${s.mode}, ${s.step}: ${s.rowsPerSecond >= GOAL_ROWS_PER_SECOND ? "meets" : "misses"} ${GOAL_ROWS_PER_SECOND} rows/s; ` +
      `${s.peakRssMb < GOAL_PEAK_RSS_MB ? "under" : "over"} ${GOAL_PEAK_RSS_MB} MB`,
  );
  const context = `Load average before ${loadBefore}, after ${load()} (1, 5, 15 min) on ${cpus().length} cores.`;
  log(`\n${table}\n\n${goals.join("\n")}\n${context}`);
  const stamp = new Date().toISOString().replaceAll(":", "-").replace(/\..*$/, "");
  writeFileSync(
    join(ROOT, "bench/results", `import-${stamp}.md`),
    `# Import bench ${stamp}\n\n${table}\n\n${goals.join("\n")}\n\n${context}\n`,
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
