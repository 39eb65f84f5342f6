/**
 * `make chaos`: faults under a steady checkout+pay load, on a private PostgreSQL cluster and a
 * private redis-server (temp dir, free ports on 127.0.0.1), with 2 HTTP processes and 2 workers
 * (compiled dist/), RESERVATION_TTL_SECONDS=2 and SWEEP_INTERVAL_SECONDS=2. Starts and kills only
 * its own processes; the machine's shared PostgreSQL and Redis are never touched. Bounded: the
 * whole run gives up after CHAOS_DEADLINE_SECONDS (240) and cleans up, even on failure.
 *
 * Step 6 (contentionStep.ts) races transfers, multi-line checkouts, cancels, pays and expiries
 * on a few low-stock products.
 *
 * Each step prints what it did and PASS/FAIL per check; the run ends with the audit and a one-line
 * summary. Exit 1 when any check fails.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { auditDatabase, connectPostgres, migrate, type SqlRunner } from "@orders/adapters";
import { loadBenchDataset, mintTokens } from "../../bench/lib/loadBenchDataset.js";
import { freePort, probe, ServiceProcess } from "../../bench/lib/ServiceProcess.js";
import { CONTENTION_PRODUCTS, contentionStep } from "./contentionStep.js";
import { LoadDriver, type RequestRecord } from "./LoadDriver.js";
import { PrivatePostgres } from "./PrivatePostgres.js";
import { isListening, PrivateRedis } from "./PrivateRedis.js";

const env = process.env;
const ROOT = resolve(import.meta.dirname, "../..");
const TTL_SECONDS = 2;
const SWEEP_SECONDS = 2;
/** Slack on top of one sweep for a release to commit on a busy 2-core machine. */
const SWEEP_SLACK_SECONDS = 1;
const DEADLINE_SECONDS = Number(env.CHAOS_DEADLINE_SECONDS ?? 240);
const LOOPS = Number(env.CHAOS_LOOPS ?? 16);
/** The HTTP process's pg connection timeout (connectPostgres default): no request may wait longer. */
const STORAGE_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;
const PRODUCTS = 50;
const SCARCE_PRODUCT = PRODUCTS;
const SCARCE_STOCK = 40;
/** The contention step's low-stock products come after the others. */
const CONTENTION_PRODUCT_IDS = Array.from({ length: CONTENTION_PRODUCTS }, (_, i) => PRODUCTS + 1 + i);
const CONTENTION_SECONDS = Number(env.CHAOS_CONTENTION_SECONDS ?? 20);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`${line}\n`);
const failures: string[] = [];
/** Where each step began, to break the requests down by step at the end. */
const phases: { name: string; from: number }[] = [];
const phase = (name: string) => phases.push({ name, from: Date.now() });
function check(ok: boolean, what: string, detail = ""): boolean {
  log(`  ${ok ? "PASS" : "FAIL"} ${what}${detail === "" ? "" : ` (${detail})`}`);
  if (!ok) failures.push(what);
  return ok;
}

async function waitFor(what: string, timeoutMs: number, test: () => Promise<boolean>): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await test().catch(() => false)) return Date.now() - started;
    await sleep(100);
  }
  log(`  (gave up waiting for ${what} after ${timeoutMs} ms)`);
  return null;
}

const between = (records: readonly RequestRecord[], from: number, to: number) =>
  records.filter((r) => r.startedAt >= from && r.startedAt < to);
const countBy = <T>(records: readonly T[], key: (r: T) => string) => {
  const counts: Record<string, number> = {};
  for (const r of records) counts[key(r)] = (counts[key(r)] ?? 0) + 1;
  return counts;
};

async function overdueCount(db: SqlRunner, olderThanSeconds: number): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    "SELECT count(*) AS n FROM orders WHERE status = 'pending' AND expires_at < now() - make_interval(secs => $1)",
    [olderThanSeconds],
  );
  return Number(row?.n ?? 0);
}

async function main(): Promise<void> {
  const runStartedAt = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "orders-chaos-"));
  log(`chaos: private PostgreSQL and Redis under ${dir}`);
  const pgPort = await freePortFrom(55432);
  const redisPort = await freePortFrom(56379);
  const pg = new PrivatePostgres(dir, pgPort);
  const redis = new PrivateRedis(redisPort, join(dir, "redis.log"));
  const processes: ServiceProcess[] = [];
  let db: SqlRunner | undefined;
  let driver: LoadDriver | undefined;
  const cleanup = async () => {
    await driver?.stop().catch(() => undefined);
    await Promise.all(processes.map((p) => p.stop("SIGKILL", 5_000)));
    await db?.close().catch(() => undefined);
    await redis.stop().catch(() => undefined);
    await pg.stopQuietly();
    if (env.CHAOS_KEEP_DIR === undefined) rmSync(dir, { recursive: true, force: true });
  };
  const deadline = setTimeout(() => {
    log(`FAIL chaos run passed its deadline of ${DEADLINE_SECONDS} s; cleaning up`);
    void cleanup().finally(() => process.exit(1));
  }, DEADLINE_SECONDS * 1000);
  deadline.unref();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }

  try {
    await pg.init();
    await pg.start();
    await redis.start();
    db = connectPostgres({ connectionString: pg.url, max: 2, connectionTimeoutMillis: 2_000 });
    await migrate(db);
    const dataset = await loadBenchDataset(db, {
      products: PRODUCTS + CONTENTION_PRODUCTS,
      customers: 100,
      admins: 1,
      warehouses: 2,
      stockPerRow: 1_000_000,
    });
    // The scarce product: a little stock in one warehouse only, entered through the ledger.
    await db.query(
      `WITH m AS (INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta)
                  VALUES ('adjust', 1, $1, $2 - 1000000, 0), ('adjust', 2, $1, -1000000, 0))
       UPDATE warehouse_stock SET on_hand = CASE warehouse_id WHEN 1 THEN $2 ELSE 0 END WHERE product_id = $1`,
      [SCARCE_PRODUCT, SCARCE_STOCK],
    );
    const jwtSecret = "chaos-secret-".padEnd(48, "x");
    const tokens = await mintTokens(
      jwtSecret,
      dataset.customers.map((c) => c.id),
    );
    const [adminToken = ""] = await mintTokens(
      jwtSecret,
      dataset.admins.map((a) => a.id),
      "admin",
    );

    const common = {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      RESERVATION_TTL_SECONDS: String(TTL_SECONDS),
      SWEEP_INTERVAL_SECONDS: String(SWEEP_SECONDS),
      LOG_LEVEL: env.CHAOS_LOG_LEVEL ?? "warn",
      NODE_ENV: "production",
    };
    const makeHttp = async (name: string) => {
      const port = await freePort();
      return new ServiceProcess({
        name,
        script: join(ROOT, "packages/app-http/dist/main.js"),
        env: { ...common, JWT_SECRET: jwtSecret, PORT: String(port) },
        logFile: join(dir, `${name}.log`),
        readyUrl: `http://127.0.0.1:${port}/readyz`,
      });
    };
    const makeWorker = async (name: string) => {
      const port = await freePort();
      return new ServiceProcess({
        name,
        script: join(ROOT, "packages/app-worker/dist/main.js"),
        env: { ...common, WORKER_HEALTH_PORT: String(port) },
        logFile: join(dir, `${name}.log`),
        readyUrl: `http://127.0.0.1:${port}/healthz`,
      });
    };
    const http1 = await makeHttp("http-1");
    const http2 = await makeHttp("http-2");
    const worker1 = await makeWorker("worker-1");
    const worker2 = await makeWorker("worker-2");
    const all = [http1, http2, worker1, worker2];
    for (const p of all) {
      processes.push(p);
      p.start();
    }
    await Promise.all(all.map((p) => p.waitReady()));
    const base = (p: ServiceProcess) => `http://127.0.0.1:${p.options.env.PORT}`;
    const readyz = (p: ServiceProcess) => `${base(p)}/readyz`;
    // "ready", "degraded" (200: Redis down is only degraded), or the status of any other answer.
    const readyState = (p: ServiceProcess): Promise<string> =>
      fetch(readyz(p)).then(
        async (res) =>
          res.status === 200 ? String(((await res.json()) as { status?: unknown }).status) : `${res.status}`,
        () => "unreachable",
      );
    log(
      `started http-1 :${http1.options.env.PORT}, http-2 :${http2.options.env.PORT}, 2 workers; PG :${pgPort}, Redis :${redisPort}`,
    );

    driver = new LoadDriver({
      targets: [base(http1), base(http2)],
      tokens,
      productIds: Array.from({ length: PRODUCTS - 1 }, (_, i) => i + 1),
      scarceProductId: SCARCE_PRODUCT,
      loops: LOOPS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      payShare: 0.5,
    });
    const records = driver.records;
    driver.start();
    phase("baseline");
    await sleep(3_000);
    {
      const window = between(records, 0, Date.now());
      log(`\n[0] baseline: ${LOOPS} loops of checkout (+ pay for half) for 3 s`);
      check(
        window.filter((r) => r.status >= 200 && r.status < 300).length > 0,
        "requests succeed",
        JSON.stringify(countBy(window, (r) => String(r.status))),
      );
      check(!window.some((r) => r.status >= 500), "no 5xx");
    }

    // 1. kill -9 one HTTP process, restart it.
    log("\n[1] kill -9 http-1 under load, restart it");
    phase("1 kill -9 http");
    const killedAt = Date.now();
    await http1.stop("SIGKILL");
    await sleep(2_000);
    const restartAt = Date.now();
    http1.start();
    await http1.waitReady();
    log(`  http-1 killed, restarted after ${restartAt - killedAt} ms, ready after ${Date.now() - restartAt} ms`);
    {
      const window = between(records, killedAt, restartAt);
      const onOther = window.filter((r) => r.target === base(http2));
      const ok2 = onOther.filter((r) => r.status >= 200 && r.status < 300).length;
      check(ok2 > 0, "http-2 kept serving while http-1 was down", `${ok2} 2xx on http-2`);
      check(!onOther.some((r) => r.status >= 500 || r.status === 0), "http-2: no 5xx and no failed request");
      await sleep(500);
      const violations = await auditDatabase(db, { sweepIntervalSeconds: SWEEP_SECONDS + SWEEP_SLACK_SECONDS });
      check(
        violations.length === 0,
        "audit passes: no partial order",
        violations
          .slice(0, 3)
          .map((v) => v.message)
          .join("; "),
      );
    }

    // 2. kill -9 one worker, later the other, restart.
    log("\n[2] kill -9 worker-1, later worker-2, then restart both");
    phase("2 kill -9 workers");
    await worker1.stop("SIGKILL");
    await sleep((SWEEP_SECONDS + 2) * 1000);
    check(
      (await overdueCount(db, SWEEP_SECONDS + SWEEP_SLACK_SECONDS)) === 0,
      "worker-2 alone keeps expiring: no reservation overdue by more than one sweep",
    );
    await worker2.stop("SIGKILL");
    const bothDownAt = Date.now();
    await sleep(4_000);
    const overdueWhileDown = await overdueCount(db, 0);
    log(`  ${overdueWhileDown} reservations overdue after ${Date.now() - bothDownAt} ms with no worker`);
    check(overdueWhileDown > 0, "with no worker, reservations pile up overdue (the check below has something to do)");
    worker1.start();
    worker2.start();
    await Promise.all([worker1.waitReady(), worker2.waitReady()]);
    const workersBackAt = Date.now();
    const backlogAt = (at: Date) => async () => {
      const [row] =
        (await db?.query<{ n: string }>(
          "SELECT count(*) AS n FROM orders WHERE status = 'pending' AND expires_at < $1",
          [at],
        )) ?? [];
      return Number(row?.n ?? 0);
    };
    const backlog = backlogAt(new Date(workersBackAt));
    log(`  ${await backlog()} overdue when both workers were ready again`);
    const drainedMs = await waitFor("the backlog to drain", 20_000, async () => (await backlog()) === 0);
    check(
      drainedMs !== null && drainedMs <= (SWEEP_SECONDS + SWEEP_SLACK_SECONDS) * 1000,
      `every reservation overdue when the workers came back was released within one sweep (${SWEEP_SECONDS} s + ${SWEEP_SLACK_SECONDS} s slack)`,
      drainedMs === null ? `${await backlog()} still pending after 20 s` : `released after ${drainedMs} ms`,
    );

    // 3. stop and restart PostgreSQL.
    log("\n[3] stop PostgreSQL (fast shutdown) for 4 s, then start it again");
    phase("3 PostgreSQL outage");
    const pgDownAt = Date.now();
    await pg.stop();
    const pgStoppedAt = Date.now();
    await sleep(1_000);
    const readyDuring = await Promise.all([probe(readyz(http1)), probe(readyz(http2))]);
    await sleep(3_000);
    const pgUpAt = Date.now();
    await pg.start();
    const pgStartedAt = Date.now();
    log(`  PostgreSQL down ${pgStartedAt - pgStoppedAt} ms (stop took ${pgStoppedAt - pgDownAt} ms)`);
    {
      const during = between(records, pgStoppedAt, pgUpAt).filter((r) => r.endedAt <= pgStartedAt);
      const statuses = countBy(during, (r) => `${r.status}${r.code === undefined ? "" : ` ${r.code}`}`);
      log(`  during the outage: ${JSON.stringify(statuses)}`);
      const fiveHundreds = during.filter((r) => r.status === 500);
      check(fiveHundreds.length === 0, "no 500 during the outage", `${fiveHundreds.length} answered 500`);
      const unavailable = during.filter((r) => r.status === 503 && r.code === "storage_unavailable").length;
      check(
        unavailable > 0,
        "requests during the outage get 503 storage_unavailable",
        `${unavailable} of ${during.length}`,
      );
      const other = during.filter(
        (r) => !(r.status === 503 && r.code === "storage_unavailable") && r.status !== 0 && r.status >= 300,
      );
      check(
        other.length === 0,
        "no other error status during the outage",
        JSON.stringify(countBy(other, (r) => `${r.status} ${r.code}`)),
      );
      const slowest = Math.max(0, ...during.map((r) => r.endedAt - r.startedAt));
      const hung = during.filter((r) => r.code === "client_timeout").length;
      check(
        slowest <= STORAGE_TIMEOUT_MS + 1_000 && hung === 0,
        `no request hung beyond the storage timeout (${STORAGE_TIMEOUT_MS} ms)`,
        `slowest ${slowest} ms`,
      );
      check(
        readyDuring.every((s) => s === 503),
        "/readyz answers 503 while PostgreSQL is down",
        readyDuring.join(", "),
      );
    }
    for (const p of [http1, http2]) {
      const ms = await waitFor(`${p.options.name} /readyz`, 20_000, async () => (await probe(readyz(p))) === 200);
      check(ms !== null, `${p.options.name} /readyz turns 200 again without a restart`, `after ${ms} ms`);
    }
    await sleep(2_000);
    {
      const after = between(records, Date.now() - 2_000, Date.now());
      for (const p of [http1, http2]) {
        const ok = after.filter((r) => r.target === base(p) && r.status >= 200 && r.status < 300).length;
        check(ok > 0, `${p.options.name} serves 2xx again (same process, pid ${p.pid})`, `${ok} in the last 2 s`);
      }
    }

    // 4. stop and restart Redis.
    log("\n[4] stop Redis for 6 s, then start it again");
    phase("4 Redis outage");
    const redisDownAt = Date.now();
    await redis.stop();
    await sleep(6_000);
    const redisUpAt = Date.now();
    {
      const during = between(records, redisDownAt + 200, redisUpAt);
      const checkouts = during.filter((r) => r.op === "checkout");
      const created = checkouts.filter((r) => r.status === 201).length;
      log(
        `  during the outage: ${JSON.stringify(countBy(during, (r) => `${r.op} ${r.status}${r.code === undefined ? "" : ` ${r.code}`}`))}`,
      );
      check(created > 0, "checkouts keep succeeding while Redis is down", `${created} of ${checkouts.length} created`);
      check(!during.some((r) => r.status >= 500), "no 5xx while Redis is down");
      const [expired] = await db.query<{ n: string }>(
        "SELECT count(*) AS n FROM orders WHERE status = 'expired' AND created_at >= $1 AND closed_at < $2",
        [new Date(redisDownAt), new Date(redisUpAt)],
      );
      check(
        Number(expired?.n ?? 0) > 0,
        "orders placed while Redis was down expired via the sweep",
        `${expired?.n} expired`,
      );
      const overdue = await overdueCount(db, SWEEP_SECONDS + SWEEP_SLACK_SECONDS);
      check(overdue === 0, "no reservation overdue by more than one sweep while Redis is down", `${overdue} overdue`);
    }
    const readyWithoutRedis = await Promise.all([readyState(http1), readyState(http2)]);
    check(
      readyWithoutRedis.every((state) => state === "degraded"),
      "/readyz stays 200, status degraded, while Redis is down",
      readyWithoutRedis.join(", "),
    );
    await redis.start();
    for (const p of [http1, http2]) {
      const ms = await waitFor(`${p.options.name} /readyz`, 20_000, async () => (await readyState(p)) === "ready");
      check(ms !== null, `${p.options.name} /readyz ready again after Redis is back`, `after ${ms} ms`);
    }

    // 5. SIGTERM to an HTTP process under load.
    log("\n[5] SIGTERM http-2 under load");
    phase("5 SIGTERM http-2");
    await sleep(1_000);
    const target2 = base(http2);
    const inFlight = [...driver.inFlight].filter((e) => e.target === target2);
    const termAt = Date.now();
    const exit = http2.stop("SIGTERM", 12_000);
    await sleep(300);
    const refused = !(await isListening(Number(http2.options.env.PORT)));
    const exited = await exit;
    log(
      `  ${inFlight.length} requests were in flight on http-2 at SIGTERM; exit code ${exited.code} after ${exited.ms} ms`,
    );
    await sleep(200);
    const unanswered = inFlight.filter((e) => e.record === undefined || e.record.status === 0);
    check(
      unanswered.length === 0,
      "in-flight requests completed",
      unanswered.length === 0
        ? `${inFlight.length} in flight, all answered`
        : `${unanswered.length} of ${inFlight.length} got no response: ${unanswered.map((e) => e.record?.code ?? "pending").join(", ")}`,
    );
    check(refused, "new connections refused 300 ms after SIGTERM");
    check(exited.code === 0 && exited.ms <= 10_000, "exit 0 within 10 s", `code ${exited.code}, ${exited.ms} ms`);
    const afterTerm = between(records, termAt, Date.now()).filter((r) => r.target === base(http1));
    check(
      afterTerm.some((r) => r.status >= 200 && r.status < 300),
      "http-1 kept serving",
    );

    await sleep(1_000);
    await driver.stop();
    const loadStoppedAt = Date.now();
    const settleMs = (TTL_SECONDS + SWEEP_SECONDS + SWEEP_SLACK_SECONDS) * 1000;

    // 6. Contention on low-stock rows, with both HTTP processes up again.
    log(
      `\n[6] contention: transfers, multi-line checkouts, cancels, pays and expiries on low-stock rows for ${CONTENTION_SECONDS} s`,
    );
    http2.start();
    await http2.waitReady();
    const contentionStartedAt = Date.now();
    const contention = await contentionStep({
      db,
      targets: [base(http1), base(http2)],
      customerTokens: tokens,
      adminToken,
      productIds: CONTENTION_PRODUCT_IDS,
      ampleProductIds: Array.from({ length: PRODUCTS - 1 }, (_, i) => i + 1),
      loops: LOOPS,
      durationMs: CONTENTION_SECONDS * 1000,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      settleMs,
      sweepIntervalSeconds: SWEEP_SECONDS + SWEEP_SLACK_SECONDS,
      httpLogFiles: [http1, http2].map((p) => p.options.logFile),
      log,
      check,
    });
    log(`  step took ${Date.now() - contentionStartedAt} ms`);

    // Every reservation of the load has expired by now (the step took longer than that); audit.
    log(`\n[7] final audit, ${TTL_SECONDS + SWEEP_SECONDS + SWEEP_SLACK_SECONDS} s or more after the load stopped`);
    await sleep(Math.max(0, loadStoppedAt + settleMs - Date.now()));
    const violations = await auditDatabase(db, { sweepIntervalSeconds: SWEEP_SECONDS + SWEEP_SLACK_SECONDS });
    for (const v of violations.slice(0, 10)) log(`  VIOLATION ${v.check}: ${v.message}`);
    check(violations.length === 0, "final audit passes", `${violations.length} violations`);

    const [facts] = await db.query<{
      orders: string;
      oversold: string;
      reserved: string;
      pending: string;
      live: string;
    }>(
      `SELECT (SELECT count(*) FROM orders) AS orders,
              (SELECT coalesce(sum(greatest(0, reserved - on_hand) + greatest(0, -on_hand)), 0) FROM warehouse_stock) AS oversold,
              (SELECT coalesce(sum(reserved), 0) FROM warehouse_stock) AS reserved,
              (SELECT count(*) FROM orders WHERE status = 'pending') AS pending,
              (SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id
                WHERE o.status = 'pending' AND o.expires_at > now()) AS live`,
      [],
    );
    const leaked = Number(facts?.reserved ?? 0) - Number(facts?.live ?? 0);
    const oversold = Number(facts?.oversold ?? 0);
    const [scarce] = await db.query<{ paid: string; on_hand: string }>(
      `SELECT (SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id
                WHERE o.status = 'paid' AND i.product_id = $1) AS paid,
              (SELECT sum(on_hand) FROM warehouse_stock WHERE product_id = $1) AS on_hand`,
      [SCARCE_PRODUCT],
    );
    const scarcePaid = Number(scarce?.paid ?? Number.NaN);
    log(`  scarce product: ${scarcePaid} units paid, ${scarce?.on_hand} on hand, ${SCARCE_STOCK} at the start`);
    check(
      scarcePaid <= SCARCE_STOCK && scarcePaid + Number(scarce?.on_hand) === SCARCE_STOCK,
      "scarce product: paid units <= initial stock, and paid + on hand = initial stock",
    );
    check(oversold === 0, "oversold units = 0");
    check(
      leaked === 0,
      "leaked reservations = 0",
      `${facts?.pending} pending orders, ${facts?.reserved} units reserved`,
    );

    const sent = records.length;
    const by = (pred: (r: RequestRecord) => boolean) => records.filter(pred);
    const ok2xx = by((r) => r.status >= 200 && r.status < 300).length;
    const fourByCode = countBy(
      by((r) => r.status >= 400 && r.status < 500),
      (r) => `${r.status} ${r.code}`,
    );
    const fiveByCode = countBy(
      by((r) => r.status >= 500),
      (r) => `${r.status} ${r.code}`,
    );
    const noResponse = countBy(
      by((r) => r.status === 0),
      (r) => r.code ?? "?",
    );
    const five = by((r) => r.status >= 500).length;
    log(
      `\nchaos summary: requests ${sent}, 2xx ${ok2xx}, 4xx ${JSON.stringify(fourByCode)}, 5xx ${five} ${JSON.stringify(fiveByCode)}, no response ${JSON.stringify(noResponse)}, orders ${facts?.orders}, oversold units ${oversold}, leaked reservations ${leaked}; checks failed: ${failures.length}; ${Math.round((Date.now() - runStartedAt) / 1000)} s of ${DEADLINE_SECONDS} s`,
    );
    for (const [i, p] of phases.entries()) {
      const to = phases[i + 1]?.from ?? Number.POSITIVE_INFINITY;
      const window = between(records, p.from, to);
      log(
        `  ${p.name}: ${JSON.stringify(countBy(window, (r) => (r.status === 0 ? `${r.code}` : `${r.status}${r.code === undefined ? "" : ` ${r.code}`}`)))}`,
      );
    }
    const contentionRecords = contention.records;
    log(
      `  6 contention: ${contentionRecords.length} requests, ${JSON.stringify(countBy(contentionRecords, (r) => (r.status === 0 ? `${r.code}` : `${r.status}${r.code === undefined ? "" : ` ${r.code}`}`)))}`,
    );
    if (failures.length > 0) log(`FAILED: ${failures.join("; ")}`);
    process.exitCode = failures.length === 0 ? 0 : 1;
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

/** The first port from `start` on that nothing listens on (our private servers' ports). */
async function freePortFrom(start: number): Promise<number> {
  for (let port = start; port < start + 100; port++) if (!(await isListening(port))) return port;
  return freePort();
}

await main();
