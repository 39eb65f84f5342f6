// Chaos steps 0, 1, 2 and 5: the baseline, kill -9 of an HTTP process and of the workers, SIGTERM under load.
import { auditDatabase } from "@orders/adapters";
import { base, type Chaos } from "./chaosCluster.js";
import { between, check, countBy, log, overdueCount, phase, sleep, waitFor } from "./checks.js";
import type { LoadDriver } from "./LoadDriver.js";
import { isListening } from "./PrivateRedis.js";
import { LOOPS, SWEEP_SECONDS, SWEEP_SLACK_SECONDS } from "./settings.js";

/** 0. The load alone for 3 s: requests succeed, none 5xx. */
export async function baselineStep(driver: LoadDriver): Promise<void> {
  phase("baseline");
  await sleep(3_000);
  const window = between(driver.records, 0, Date.now());
  log(`\n[0] baseline: ${LOOPS} loops of checkout (+ pay for half) for 3 s`);
  check(
    window.filter((r) => r.status >= 200 && r.status < 300).length > 0,
    "requests succeed",
    JSON.stringify(countBy(window, (r) => String(r.status))),
  );
  check(!window.some((r) => r.status >= 500), "no 5xx");
}

/** 1. kill -9 one HTTP process, restart it: the other keeps serving, no partial order. */
export async function killHttpStep(c: Chaos, driver: LoadDriver): Promise<void> {
  const { http1, http2 } = c;
  log("\n[1] kill -9 http-1 under load, restart it");
  phase("1 kill -9 http");
  const killedAt = Date.now();
  await http1.stop("SIGKILL");
  await sleep(2_000);
  const restartAt = Date.now();
  http1.start();
  await http1.waitReady();
  log(`  http-1 killed, restarted after ${restartAt - killedAt} ms, ready after ${Date.now() - restartAt} ms`);
  const window = between(driver.records, killedAt, restartAt);
  const onOther = window.filter((r) => r.target === base(http2));
  const ok2 = onOther.filter((r) => r.status >= 200 && r.status < 300).length;
  check(ok2 > 0, "http-2 kept serving while http-1 was down", `${ok2} 2xx on http-2`);
  check(!onOther.some((r) => r.status >= 500 || r.status === 0), "http-2: no 5xx and no failed request");
  await sleep(500);
  const violations = await auditDatabase(c.db, { sweepIntervalSeconds: SWEEP_SECONDS + SWEEP_SLACK_SECONDS });
  check(
    violations.length === 0,
    "audit passes: no partial order",
    violations
      .slice(0, 3)
      .map((v) => v.message)
      .join("; "),
  );
}

/** 2. kill -9 one worker, later the other, restart both: the backlog drains within one sweep. */
export async function killWorkersStep(c: Chaos): Promise<void> {
  const { db, worker1, worker2 } = c;
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
  const workersBackAt = new Date();
  const backlog = async () => {
    const [row] = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM orders WHERE status = 'pending' AND expires_at < $1",
      [workersBackAt],
    );
    return Number(row?.n ?? 0);
  };
  log(`  ${await backlog()} overdue when both workers were ready again`);
  const drainedMs = await waitFor("the backlog to drain", 20_000, async () => (await backlog()) === 0);
  check(
    drainedMs !== null && drainedMs <= (SWEEP_SECONDS + SWEEP_SLACK_SECONDS) * 1000,
    `every reservation overdue when the workers came back was released within one sweep (${SWEEP_SECONDS} s + ${SWEEP_SLACK_SECONDS} s slack)`,
    drainedMs === null ? `${await backlog()} still pending after 20 s` : `released after ${drainedMs} ms`,
  );
}

/** 5. SIGTERM to http-2 under load: in-flight requests answered, new connections refused, exit 0. */
export async function sigtermHttpStep(c: Chaos, driver: LoadDriver): Promise<void> {
  const { http1, http2 } = c;
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
  const afterTerm = between(driver.records, termAt, Date.now()).filter((r) => r.target === base(http1));
  check(
    afterTerm.some((r) => r.status >= 200 && r.status < 300),
    "http-1 kept serving",
  );
}
