// `make chaos`: faults under load on a private PostgreSQL and Redis; exit 1 when any check fails.
/**
 * Faults under a steady checkout+pay load, on a private PostgreSQL cluster and a private
 * redis-server (temp dir, free ports on 127.0.0.1), with 2 HTTP processes and 2 workers (compiled
 * dist/), RESERVATION_TTL_SECONDS=2 and SWEEP_INTERVAL_SECONDS=2. Starts and kills only its own
 * processes; the machine's shared PostgreSQL and Redis are never touched. Bounded: the whole run
 * gives up after CHAOS_DEADLINE_SECONDS (300) and cleans up, even on failure.
 *
 * The steps, in order: chaosCluster.ts sets up; processSteps.ts has [0] baseline, [1] kill -9 of
 * an HTTP process, [2] kill -9 of the workers and [5] SIGTERM; outageSteps.ts has [3] the
 * PostgreSQL and [4] the Redis outage; [6] contentionStep.ts races transfers, multi-line checkouts,
 * cancels, pays and expiries on a few low-stock products; [7] finalChecks.ts audits; [8]
 * webhookStep.ts checks that a loopback webhook receiver, subscribed to every order event before the
 * load, got one event per committed order change (deduped by id), none missing; summary.ts prints the
 * closing lines.
 *
 * Each step prints what it did and PASS/FAIL per check; the run ends with the audit and a one-line
 * summary. Exit 1 when any check fails.
 */
import { base, type Chaos, ChaosCluster } from "./chaosCluster.js";
import { check, failures, log, sleep } from "./checks.js";
import { type ContentionResult, contentionStep } from "./contentionStep.js";
import { finalChecks } from "./finalChecks.js";
import { LoadDriver } from "./LoadDriver.js";
import { postgresOutageStep, redisOutageStep } from "./outageSteps.js";
import { baselineStep, killHttpStep, killWorkersStep, sigtermHttpStep } from "./processSteps.js";
import {
  AMPLE_PRODUCT_IDS,
  CONTENTION_PRODUCT_IDS,
  CONTENTION_SECONDS,
  LOOPS,
  REQUEST_TIMEOUT_MS,
  SCARCE_PRODUCT,
  SWEEP_SECONDS,
  SWEEP_SLACK_SECONDS,
  TTL_SECONDS,
} from "./settings.js";
import { logSummary } from "./summary.js";
import { startWebhookReceiver, subscribe, webhookChecks } from "./webhookStep.js";

async function main(): Promise<void> {
  const runStartedAt = Date.now();
  const cluster = await ChaosCluster.create();
  cluster.armDeadlineAndSignals();
  try {
    const c = await cluster.start();
    const receiver = await startWebhookReceiver();
    await subscribe(base(c.http1), c.adminToken, receiver.url);
    const driver = new LoadDriver({
      targets: [base(c.http1), base(c.http2)],
      tokens: c.tokens,
      productIds: AMPLE_PRODUCT_IDS,
      scarceProductId: SCARCE_PRODUCT,
      loops: LOOPS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      payShare: 0.5,
    });
    cluster.driver = driver;
    driver.start();
    await baselineStep(driver);
    await killHttpStep(c, driver);
    await killWorkersStep(c);
    await postgresOutageStep(c, driver.records);
    await redisOutageStep(c, driver.records);
    await sigtermHttpStep(c, driver);

    await sleep(1_000);
    await driver.stop();
    const loadStoppedAt = Date.now();
    const settleMs = (TTL_SECONDS + SWEEP_SECONDS + SWEEP_SLACK_SECONDS) * 1000;
    const contention = await contentionUnderBothProcesses(c, settleMs);

    // Every reservation of the load has expired by now (the step took longer than that); audit.
    log(`\n[7] final audit, ${TTL_SECONDS + SWEEP_SECONDS + SWEEP_SLACK_SECONDS} s or more after the load stopped`);
    await sleep(Math.max(0, loadStoppedAt + settleMs - Date.now()));
    const facts = await finalChecks(c.db);
    await webhookChecks(c.db, receiver, 60_000);
    await receiver.close();
    logSummary(driver.records, contention.records, facts, runStartedAt);
    process.exitCode = failures.length === 0 ? 0 : 1;
  } finally {
    cluster.disarmDeadline();
    await cluster.cleanup();
  }
}

/** 6. Contention on low-stock rows, with both HTTP processes up again (http-2 restarted after step 5). */
async function contentionUnderBothProcesses(c: Chaos, settleMs: number): Promise<ContentionResult> {
  const { http1, http2 } = c;
  log(
    `\n[6] contention: transfers, multi-line checkouts, cancels, pays and expiries on low-stock rows for ${CONTENTION_SECONDS} s`,
  );
  http2.start();
  await http2.waitReady();
  const contentionStartedAt = Date.now();
  const contention = await contentionStep({
    db: c.db,
    targets: [base(http1), base(http2)],
    customerTokens: c.tokens,
    adminToken: c.adminToken,
    productIds: CONTENTION_PRODUCT_IDS,
    ampleProductIds: AMPLE_PRODUCT_IDS,
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
  return contention;
}

await main();
