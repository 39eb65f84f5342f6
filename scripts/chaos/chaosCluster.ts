// Sets up and tears down the chaos run's world: private PostgreSQL and Redis, dataset, 2 HTTP processes, 2 workers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres, migrate, type SqlRunner } from "@orders/adapters";
import { loadBenchDataset, mintTokens } from "../../bench/lib/loadBenchDataset.js";
import { freePort, ServiceProcess } from "../../bench/lib/ServiceProcess.js";
import { type RunningPgbouncer, startPgbouncer } from "../../packages/adapters/test/support/pgbouncer.js";
import { log } from "./checks.js";
import type { LoadDriver } from "./LoadDriver.js";
import { PrivatePostgres } from "./PrivatePostgres.js";
import { isListening, PrivateRedis } from "./PrivateRedis.js";
import {
  CONTENTION_PRODUCTS,
  DEADLINE_SECONDS,
  KEEP_DIR,
  LOG_LEVEL,
  PRODUCTS,
  ROOT,
  SCARCE_PRODUCT,
  SCARCE_STOCK,
  SWEEP_SECONDS,
  THROUGH_PGBOUNCER,
  TTL_SECONDS,
} from "./settings.js";

/** What the steps act on once everything is up. */
export interface Chaos {
  readonly pg: PrivatePostgres;
  readonly redis: PrivateRedis;
  readonly db: SqlRunner;
  readonly tokens: readonly string[];
  readonly adminToken: string;
  readonly http1: ServiceProcess;
  readonly http2: ServiceProcess;
  readonly worker1: ServiceProcess;
  readonly worker2: ServiceProcess;
}

export const base = (p: ServiceProcess) => `http://127.0.0.1:${p.options.env.PORT}`;
export const readyz = (p: ServiceProcess) => `${base(p)}/readyz`;
/** "ready", "degraded" (200: Redis down is only degraded), or the status of any other answer. */
export const readyState = (p: ServiceProcess): Promise<string> =>
  fetch(readyz(p)).then(
    async (res) => (res.status === 200 ? String(((await res.json()) as { status?: unknown }).status) : `${res.status}`),
    () => "unreachable",
  );

/** The first port from `start` on that nothing listens on (our private servers' ports). */
async function freePortFrom(start: number): Promise<number> {
  for (let port = start; port < start + 100; port++) if (!(await isListening(port))) return port;
  return freePort();
}

export class ChaosCluster {
  private readonly processes: ServiceProcess[] = [];
  private db: SqlRunner | undefined;
  private bouncer: RunningPgbouncer | undefined;
  /** The steady load, once started: stopped by cleanup() too. */
  driver: LoadDriver | undefined;
  private deadline: NodeJS.Timeout | undefined;

  private constructor(
    readonly dir: string,
    readonly pg: PrivatePostgres,
    readonly redis: PrivateRedis,
  ) {}

  /** A temp dir and free ports for the private servers; nothing is started yet. */
  static async create(): Promise<ChaosCluster> {
    const dir = mkdtempSync(join(tmpdir(), "orders-chaos-"));
    log(`chaos: private PostgreSQL and Redis under ${dir}`);
    const pgPort = await freePortFrom(55432);
    const redisPort = await freePortFrom(56379);
    return new ChaosCluster(dir, new PrivatePostgres(dir, pgPort), new PrivateRedis(redisPort, join(dir, "redis.log")));
  }

  async cleanup(): Promise<void> {
    await this.driver?.stop().catch(() => undefined);
    await Promise.all(this.processes.map((p) => p.stop("SIGKILL", 5_000)));
    await this.db?.close().catch(() => undefined);
    await this.redis.stop().catch(() => undefined);
    await this.bouncer?.dispose().catch(() => undefined);
    await this.pg.stopQuietly();
    if (!KEEP_DIR) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Gives up (exit 1) after the deadline and cleans up on SIGINT/SIGTERM (exit 130). */
  armDeadlineAndSignals(): void {
    this.deadline = setTimeout(() => {
      log(`FAIL chaos run passed its deadline of ${DEADLINE_SECONDS} s; cleaning up`);
      void this.cleanup().finally(() => process.exit(1));
    }, DEADLINE_SECONDS * 1000);
    this.deadline.unref();
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => void this.cleanup().finally(() => process.exit(130)));
    }
  }

  disarmDeadline(): void {
    clearTimeout(this.deadline);
  }

  /** Starts PostgreSQL and Redis, loads the dataset, then starts and waits for the 4 service processes. */
  async start(): Promise<Chaos> {
    const { pg, redis } = this;
    await pg.init();
    await pg.start();
    await redis.start();
    const db = connectPostgres({ connectionString: pg.url, max: 2, connectionTimeoutMillis: 2_000 });
    this.db = db;
    await migrate(db);
    const jwtSecret = "chaos-secret-".padEnd(48, "x");
    const { tokens, adminToken } = await loadDataset(db, jwtSecret);
    if (THROUGH_PGBOUNCER) {
      this.bouncer = await startPgbouncer({ upstreamUrl: pg.url, poolSize: 20 });
      log(`chaos: the services reach PostgreSQL through PgBouncer (transaction mode) on :${this.bouncer.port}`);
    }
    const common = {
      DATABASE_URL: this.bouncer?.url ?? pg.url,
      REDIS_URL: redis.url,
      RESERVATION_TTL_SECONDS: String(TTL_SECONDS),
      SWEEP_INTERVAL_SECONDS: String(SWEEP_SECONDS),
      // The loops drive each customer far harder than a person: the per-user checkout limit would answer 429s.
      CHECKOUT_RATE_LIMIT: "0",
      LOG_LEVEL,
      NODE_ENV: "production",
      // The chaos webhook receiver listens on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    };
    const http1 = await this.makeHttp("http-1", common, jwtSecret);
    const http2 = await this.makeHttp("http-2", common, jwtSecret);
    const worker1 = await this.makeWorker("worker-1", common);
    const worker2 = await this.makeWorker("worker-2", common);
    const all = [http1, http2, worker1, worker2];
    for (const p of all) {
      this.processes.push(p);
      p.start();
    }
    await Promise.all(all.map((p) => p.waitReady()));
    log(
      `started http-1 :${http1.options.env.PORT}, http-2 :${http2.options.env.PORT}, 2 workers; PG :${pg.port}, Redis :${redis.port}`,
    );
    return { pg, redis, db, tokens, adminToken, http1, http2, worker1, worker2 };
  }

  private async makeHttp(name: string, common: Record<string, string>, jwtSecret: string): Promise<ServiceProcess> {
    const port = await freePort();
    return new ServiceProcess({
      name,
      script: join(ROOT, "packages/app-http/dist/main.js"),
      env: { ...common, JWT_SECRET: jwtSecret, PORT: String(port) },
      logFile: join(this.dir, `${name}.log`),
      readyUrl: `http://127.0.0.1:${port}/readyz`,
    });
  }

  private async makeWorker(name: string, common: Record<string, string>): Promise<ServiceProcess> {
    const port = await freePort();
    return new ServiceProcess({
      name,
      script: join(ROOT, "packages/app-worker/dist/main.js"),
      env: { ...common, WORKER_HEALTH_PORT: String(port) },
      logFile: join(this.dir, `${name}.log`),
      readyUrl: `http://127.0.0.1:${port}/healthz`,
    });
  }
}

/** Products (the scarce one with 40 units in one warehouse), customers and an admin, with their tokens. */
async function loadDataset(db: SqlRunner, jwtSecret: string): Promise<{ tokens: string[]; adminToken: string }> {
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
  const tokens = await mintTokens(
    jwtSecret,
    dataset.customers.map((c) => c.id),
  );
  const [adminToken = ""] = await mintTokens(
    jwtSecret,
    dataset.admins.map((a) => a.id),
    "admin",
  );
  return { tokens, adminToken };
}
