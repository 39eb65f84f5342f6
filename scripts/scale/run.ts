// `make scale`: the service on Redis Cluster, PgBouncer and a read replica, 4 HTTP x 2 workers, under load and faults.
/**
 * Starts (scaleWorld.ts) a 3-master/3-replica Redis Cluster, a private PostgreSQL primary with a
 * streaming replica (pg_basebackup -R), PgBouncer in transaction mode in front of the primary,
 * 4 HTTP processes (DATABASE_URL through PgBouncer, DATABASE_READ_URL on the replica, REDIS_URL
 * naming the cluster) and 2 workers, all on free loopback ports. Then:
 *   load   checkout + pay (scripts/chaos LoadDriver) and product listing against all 4 HTTP processes;
 *   faults under the same load: kill -9 the Redis master holding the {orders} slot, stop the replica,
 *          restart PgBouncer, kill -9 one HTTP process and one worker (each restarted);
 *   final  every reservation expires, then oversold units, leaked reservations and the audit.
 * Prints one summary; exit 1 when a check fails. Bounded by SCALE_DEADLINE_SECONDS (420).
 */

import { between, check, countBy, failures, log, sleep, waitFor } from "../chaos/checks.js";
import { finalChecks } from "../chaos/finalChecks.js";
import { callApi, LoadDriver, type RequestRecord } from "../chaos/LoadDriver.js";
import { AMPLE_PRODUCT_IDS, SCARCE_PRODUCT, SWEEP_SECONDS, TTL_SECONDS } from "../chaos/settings.js";
import { baseUrl, ScaleWorld, type World } from "./scaleWorld.js";

const env = process.env;
const LOAD_SECONDS = Number(env.SCALE_LOAD_SECONDS ?? 20);
const LOOPS = Number(env.SCALE_LOOPS ?? 16);
const LISTING_LOOPS = Number(env.SCALE_LISTING_LOOPS ?? 4);
const DEADLINE_SECONDS = Number(env.SCALE_DEADLINE_SECONDS ?? 420);
const REQUEST_TIMEOUT_MS = 15_000;

/** GET /products from `loops` loops, round robin over the targets, recorded like the driver's requests. */
class ListingLoad {
  readonly records: RequestRecord[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  constructor(
    private readonly targets: () => readonly string[],
    private readonly token: string,
  ) {}
  start(loops: number): void {
    this.running = true;
    this.loops = Array.from({ length: loops }, (_, i) => this.loop(i));
  }
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
  private async loop(i: number): Promise<void> {
    let n = i;
    while (this.running) {
      const targets = this.targets();
      const target = targets[n++ % targets.length] ?? "";
      const startedAt = Date.now();
      const answer = await callApi(`${target}/products?limit=20`, "GET", this.token, undefined, REQUEST_TIMEOUT_MS);
      // Kept apart from the driver's records, so the summary counts them as listing.
      this.records.push({
        op: "checkout",
        target,
        startedAt,
        endedAt: Date.now(),
        status: answer.status,
        code: answer.code,
      });
      await sleep(answer.status === 0 ? 50 : 5);
    }
  }
}

async function metric(world: World, name: string): Promise<number[]> {
  return Promise.all(
    world.http.map(async (p) => {
      try {
        const text = await (await fetch(`${baseUrl(p)}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
        return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
      } catch {
        return Number.NaN;
      }
    }),
  );
}

const ok = (r: RequestRecord) => r.status >= 200 && r.status < 300;
const fiveHundreds = (records: readonly RequestRecord[]) => records.filter((r) => r.status >= 500 && r.status !== 503);

async function faults(world: World, all: () => RequestRecord[]): Promise<void> {
  const okWithin = async (what: string, from: number) => {
    const ms = await waitFor(what, 20_000, async () => all().some((r) => r.startedAt > Date.now() - 1_000 && ok(r)));
    check(ms !== null, what, ms === null ? "" : `${((Date.now() - from) / 1000).toFixed(1)} s after the fault`);
  };

  log("\n[fault 1] kill -9 the Redis master holding the {orders} slot");
  const victim = await world.redis.masterPortFor("{orders}:due");
  const redisFrom = Date.now();
  world.redis.kill(victim);
  await world.redis.waitHealthy(30_000);
  const promoted = await world.redis.masterPortFor("{orders}:due");
  log(
    `  master :${victim} killed; replica :${promoted} serves the slot after ${((Date.now() - redisFrom) / 1000).toFixed(1)} s`,
  );
  check(promoted !== victim, "a replica took over the slot");
  await sleep(3_000);
  const redisWindow = between(all(), redisFrom, Date.now());
  check(
    fiveHundreds(redisWindow).length === 0,
    "Redis failover: no 5xx but 503",
    JSON.stringify(countBy(redisWindow, (r) => String(r.status))),
  );
  await okWithin("checkout answers 2xx after the failover", redisFrom);

  log("\n[fault 2] stop the read replica, start it again");
  const replicaFrom = Date.now();
  await world.pg.replica.stop();
  await sleep(2_000);
  const inUseDown = await metric(world, "read_replica_in_use");
  check(
    inUseDown.every((v) => v === 0),
    "read_replica_in_use is 0 on every HTTP process while the replica is down",
    inUseDown.join(","),
  );
  await world.pg.replica.start();
  const back = await waitFor("replica in use again", 15_000, async () =>
    (await metric(world, "read_replica_in_use")).every((v) => v === 1),
  );
  check(back !== null, "browsing returns to the replica once it is back", back === null ? "" : `${back} ms`);
  const replicaWindow = between(all(), replicaFrom, Date.now());
  check(
    fiveHundreds(replicaWindow).length === 0 && !replicaWindow.some((r) => r.status === 503),
    "replica outage: no 5xx at all (the primary answers)",
  );

  log("\n[fault 3] restart PgBouncer (1 s gap)");
  const bouncerFrom = Date.now();
  await world.bouncer.stop();
  await sleep(1_000);
  await world.bouncer.start();
  await okWithin("2xx again after the PgBouncer restart, no service restart", bouncerFrom);
  await sleep(2_000);
  const bouncerWindow = between(all(), bouncerFrom, Date.now());
  check(
    fiveHundreds(bouncerWindow).length === 0,
    "PgBouncer restart: no 5xx but 503",
    JSON.stringify(countBy(bouncerWindow, (r) => String(r.status))),
  );

  log("\n[fault 4] kill -9 http-1 and worker-1, restart both");
  const killFrom = Date.now();
  const [http1] = world.http;
  const [worker1] = world.workers;
  if (http1 === undefined || worker1 === undefined) throw new Error("no process to kill");
  await Promise.all([http1.stop("SIGKILL"), worker1.stop("SIGKILL")]);
  await sleep(2_000);
  http1.start();
  worker1.start();
  await Promise.all([http1.waitReady(30_000), worker1.waitReady(30_000)]);
  const killWindow = between(all(), killFrom, Date.now()).filter((r) => r.target !== baseUrl(http1));
  check(
    killWindow.some(ok) && !killWindow.some((r) => r.status >= 500 || r.status === 0),
    "the other HTTP processes kept answering, without 5xx",
  );
}

function summary(records: readonly RequestRecord[], listing: readonly RequestRecord[]): void {
  const all = [...records, ...listing];
  const by = (from: readonly RequestRecord[], pick: (r: RequestRecord) => boolean) =>
    JSON.stringify(countBy(from.filter(pick), (r) => `${r.status} ${r.code ?? ""}`.trim()));
  log("\nsummary");
  log(
    `  requests ${all.length}: checkout ${records.filter((r) => r.op === "checkout").length}, pay ${records.filter((r) => r.op === "pay").length}, listing ${listing.length}`,
  );
  log(`  2xx ${all.filter(ok).length} (listing ${listing.filter(ok).length})`);
  log(`  4xx by code ${by(all, (r) => r.status >= 400 && r.status < 500)}`);
  log(`  5xx by code ${by(all, (r) => r.status >= 500)}`);
  log(`  no answer (killed process) ${by(all, (r) => r.status === 0)}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const world = new ScaleWorld();
  const deadline = setTimeout(() => {
    log(`FAIL scale run passed its deadline of ${DEADLINE_SECONDS} s; cleaning up`);
    void world.cleanup(true).finally(() => process.exit(1));
  }, DEADLINE_SECONDS * 1000);
  deadline.unref();
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => void world.cleanup(false).finally(() => process.exit(130)));
  let driver: LoadDriver | undefined;
  let listing: ListingLoad | undefined;
  try {
    const w = await world.start();
    const targets = w.http.map(baseUrl);
    driver = new LoadDriver({
      targets,
      tokens: w.tokens,
      productIds: AMPLE_PRODUCT_IDS,
      scarceProductId: SCARCE_PRODUCT,
      loops: LOOPS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      payShare: 0.5,
    });
    listing = new ListingLoad(() => targets, w.tokens[0] ?? "");
    const records = () => [...(driver?.records ?? []), ...(listing?.records ?? [])];

    log(
      `\n[load] checkout + pay (${LOOPS} loops) and listing (${LISTING_LOOPS} loops) on ${targets.length} HTTP processes, ${LOAD_SECONDS} s`,
    );
    const loadFrom = Date.now();
    driver.start();
    listing.start(LISTING_LOOPS);
    await sleep(LOAD_SECONDS * 1000);
    const load = between(records(), loadFrom, Date.now());
    const seconds = (Date.now() - loadFrom) / 1000;
    const perTarget = countBy(load.filter(ok), (r) => r.target.replace("http://127.0.0.1:", ":"));
    log(
      `  ${load.length} requests, ${(load.filter(ok).length / seconds).toFixed(0)} 2xx/s; 2xx per process ${JSON.stringify(perTarget)}`,
    );
    check(Object.keys(perTarget).length === targets.length, "every HTTP process served 2xx");
    check(!load.some((r) => r.status >= 500 || r.status === 0), "no 5xx and no failed request without faults");
    const inUse = await metric(w, "read_replica_in_use");
    const lag = await metric(w, "read_replica_lag_ms");
    log(`  read_replica_lag_ms per process: ${lag.join(", ")}`);
    check(
      inUse.every((v) => v === 1),
      "listing reads the replica on every HTTP process",
      inUse.join(","),
    );

    await faults(w, records);

    await driver.stop();
    await listing.stop();
    log("\n[final] load stopped; waiting for every reservation to expire");
    const drained = await waitFor("no pending order left", (TTL_SECONDS + SWEEP_SECONDS * 3 + 30) * 1000, async () => {
      const [row] = await w.db.query<{ n: string }>("SELECT count(*) AS n FROM orders WHERE status = 'pending'", []);
      return Number(row?.n) === 0;
    });
    check(
      drained !== null,
      "every reservation expired or was paid",
      drained === null ? "" : `${drained} ms after the load stopped`,
    );
    const facts = await finalChecks(w.db);
    const all = records();
    check(fiveHundreds(all).length === 0, "no 5xx other than 503 in the whole run");
    summary(driver.records, listing.records);
    log(
      `  orders ${facts.orders}, oversold units ${facts.oversold}, leaked reservations ${facts.leaked}, audit ${failures.includes("final audit passes") ? "FAILED" : "passed"}`,
    );
  } catch (error) {
    log(`FAIL scale run stopped: ${error instanceof Error ? error.stack : String(error)}`);
    failures.push("run completed");
  } finally {
    await driver?.stop().catch(() => undefined);
    await listing?.stop().catch(() => undefined);
    clearTimeout(deadline);
    await world.cleanup(failures.length > 0 && env.SCALE_KEEP_DIR !== undefined);
  }
  log(
    `\n${failures.length === 0 ? "PASS" : `FAIL (${failures.join("; ")})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  process.exit(failures.length === 0 ? 0 : 1);
}

void main();
