// Chaos steps 3 and 4: PostgreSQL stopped for 4 s and Redis stopped for 6 s under load, and the recovery.
import { probe } from "../../bench/lib/ServiceProcess.js";
import { base, type Chaos, readyState, readyz } from "./chaosCluster.js";
import { between, check, countBy, log, overdueCount, phase, sleep, waitFor } from "./checks.js";
import type { RequestRecord } from "./LoadDriver.js";
import { STORAGE_TIMEOUT_MS, SWEEP_SECONDS, SWEEP_SLACK_SECONDS } from "./settings.js";

/** 3. Stop PostgreSQL (fast shutdown) for 4 s and start it again: 503s, no hang, same processes recover. */
export async function postgresOutageStep(c: Chaos, records: readonly RequestRecord[]): Promise<void> {
  const { pg, http1, http2 } = c;
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
  const during = between(records, pgStoppedAt, pgUpAt).filter((r) => r.endedAt <= pgStartedAt);
  checkPostgresOutage(during, readyDuring);
  for (const p of [http1, http2]) {
    const ms = await waitFor(`${p.options.name} /readyz`, 20_000, async () => (await probe(readyz(p))) === 200);
    check(ms !== null, `${p.options.name} /readyz turns 200 again without a restart`, `after ${ms} ms`);
  }
  await sleep(2_000);
  const after = between(records, Date.now() - 2_000, Date.now());
  for (const p of [http1, http2]) {
    const ok = after.filter((r) => r.target === base(p) && r.status >= 200 && r.status < 300).length;
    check(ok > 0, `${p.options.name} serves 2xx again (same process, pid ${p.pid})`, `${ok} in the last 2 s`);
  }
}

/** The answers to the requests made while PostgreSQL was down, and /readyz then. */
function checkPostgresOutage(during: readonly RequestRecord[], readyDuring: readonly number[]): void {
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

/** 4. Stop Redis for 6 s and start it again: checkouts go on, the sweep expires, /readyz degraded then ready. */
export async function redisOutageStep(c: Chaos, records: readonly RequestRecord[]): Promise<void> {
  const { redis, http1, http2 } = c;
  log("\n[4] stop Redis for 6 s, then start it again");
  phase("4 Redis outage");
  const redisDownAt = Date.now();
  await redis.stop();
  await sleep(6_000);
  const redisUpAt = Date.now();
  await checkRedisOutage(c, between(records, redisDownAt + 200, redisUpAt), redisDownAt, redisUpAt);
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
}

/** The answers while Redis was down, and the orders the sweep expired meanwhile. */
async function checkRedisOutage(
  c: Chaos,
  during: readonly RequestRecord[],
  redisDownAt: number,
  redisUpAt: number,
): Promise<void> {
  const checkouts = during.filter((r) => r.op === "checkout");
  const created = checkouts.filter((r) => r.status === 201).length;
  log(
    `  during the outage: ${JSON.stringify(countBy(during, (r) => `${r.op} ${r.status}${r.code === undefined ? "" : ` ${r.code}`}`))}`,
  );
  check(created > 0, "checkouts keep succeeding while Redis is down", `${created} of ${checkouts.length} created`);
  check(!during.some((r) => r.status >= 500), "no 5xx while Redis is down");
  const [expired] = await c.db.query<{ n: string }>(
    "SELECT count(*) AS n FROM orders WHERE status = 'expired' AND created_at >= $1 AND closed_at < $2",
    [new Date(redisDownAt), new Date(redisUpAt)],
  );
  check(
    Number(expired?.n ?? 0) > 0,
    "orders placed while Redis was down expired via the sweep",
    `${expired?.n} expired`,
  );
  const overdue = await overdueCount(c.db, SWEEP_SECONDS + SWEEP_SLACK_SECONDS);
  check(overdue === 0, "no reservation overdue by more than one sweep while Redis is down", `${overdue} overdue`);
}
