// Starts and stops the scale run's world: a 3+3 Redis Cluster, PostgreSQL primary + replica, PgBouncer, 4 HTTP, 2 workers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres, migrate, type SqlRunner } from "@orders/adapters";
import { loadBenchDataset, mintTokens } from "../../bench/lib/loadBenchDataset.js";
import { freePort, ServiceProcess } from "../../bench/lib/ServiceProcess.js";
import { type RunningPgbouncer, startPgbouncer } from "../../packages/adapters/test/support/pgbouncer.js";
import {
  type PrimaryWithReplica,
  startPrimaryWithReplica,
} from "../../packages/adapters/test/support/pgReplicaPair.js";
import { type RunningRedisCluster, startRedisCluster } from "../../packages/adapters/test/support/redisCluster.js";
import { log } from "../chaos/checks.js";
import { PRODUCTS, ROOT, SCARCE_PRODUCT, SCARCE_STOCK, SWEEP_SECONDS, TTL_SECONDS } from "../chaos/settings.js";

export const HTTP_PROCESSES = 4;
export const WORKERS = 2;
export const DATABASE = "orders";

export interface World {
  readonly dir: string;
  readonly redis: RunningRedisCluster;
  readonly pg: PrimaryWithReplica;
  readonly bouncer: RunningPgbouncer;
  /** Straight to the primary (not through PgBouncer): the final checks read here. */
  readonly db: SqlRunner;
  readonly tokens: readonly string[];
  readonly http: ServiceProcess[];
  readonly workers: ServiceProcess[];
}

export const baseUrl = (p: ServiceProcess) => `http://127.0.0.1:${p.options.env.PORT}`;

/** Everything started so far, so that cleanup() stops exactly that, whatever failed. */
export class ScaleWorld {
  private redis: RunningRedisCluster | undefined;
  private pg: PrimaryWithReplica | undefined;
  private bouncer: RunningPgbouncer | undefined;
  private db: SqlRunner | undefined;
  private readonly processes: ServiceProcess[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), "orders-scale-"));

  async start(): Promise<World> {
    log(`scale: logs under ${this.dir}`);
    const started = Date.now();
    this.redis = await startRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 2_000 });
    log(`  Redis Cluster: 3 masters + 3 replicas on ${this.redis.nodes.map((n) => n.port).join(", ")}`);
    this.pg = await startPrimaryWithReplica({ maxConnections: 120 });
    log(`  PostgreSQL primary :${this.pg.primary.port}, streaming replica :${this.pg.replica.port} (pg_basebackup -R)`);
    const admin = connectPostgres({ connectionString: this.pg.primary.url(), max: 1 });
    await admin.query(`CREATE DATABASE ${DATABASE}`, []);
    await admin.close();
    this.bouncer = await startPgbouncer({ upstreamUrl: this.pg.primary.url(DATABASE), poolSize: 40 });
    log(`  PgBouncer (transaction mode, pool 40) :${this.bouncer.port} in front of the primary`);
    const db = connectPostgres({ connectionString: this.pg.primary.url(DATABASE), max: 2 });
    this.db = db;
    await migrate(db);
    const jwtSecret = "scale-secret-".padEnd(48, "x");
    const tokens = await loadDataset(db, jwtSecret);
    const common = {
      DATABASE_URL: this.bouncer.urlFor(DATABASE),
      DATABASE_READ_URL: this.pg.replica.url(DATABASE),
      REDIS_URL: this.redis.url,
      DATABASE_POOL_MAX: "10",
      // Like make bench and make chaos: the load drives each customer far harder than a person.
      CHECKOUT_RATE_LIMIT: "0",
      RESERVATION_TTL_SECONDS: String(TTL_SECONDS),
      SWEEP_INTERVAL_SECONDS: String(SWEEP_SECONDS),
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    };
    const http: ServiceProcess[] = [];
    for (let i = 1; i <= HTTP_PROCESSES; i++) {
      const port = await freePort();
      http.push(
        new ServiceProcess({
          name: `http-${i}`,
          script: join(ROOT, "packages/app-http/dist/main.js"),
          env: { ...common, JWT_SECRET: jwtSecret, PORT: String(port) },
          logFile: join(this.dir, `http-${i}.log`),
          readyUrl: `http://127.0.0.1:${port}/readyz`,
        }),
      );
    }
    const workers: ServiceProcess[] = [];
    for (let i = 1; i <= WORKERS; i++) {
      const port = await freePort();
      workers.push(
        new ServiceProcess({
          name: `worker-${i}`,
          script: join(ROOT, "packages/app-worker/dist/main.js"),
          env: { ...common, WORKER_HEALTH_PORT: String(port) },
          logFile: join(this.dir, `worker-${i}.log`),
          readyUrl: `http://127.0.0.1:${port}/healthz`,
        }),
      );
    }
    for (const p of [...http, ...workers]) {
      this.processes.push(p);
      p.start();
    }
    await Promise.all([...http, ...workers].map((p) => p.waitReady(30_000)));
    log(
      `  ${HTTP_PROCESSES} HTTP processes (:${http.map((p) => p.options.env.PORT).join(", :")}) and ${WORKERS} workers ready; set up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return { dir: this.dir, redis: this.redis, pg: this.pg, bouncer: this.bouncer, db, tokens, http, workers };
  }

  async cleanup(keepDir: boolean): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop("SIGKILL", 5_000).catch(() => undefined)));
    await this.db?.close().catch(() => undefined);
    await this.bouncer?.dispose().catch(() => undefined);
    await this.pg?.dispose().catch(() => undefined);
    await this.redis?.stop().catch(() => undefined);
    if (!keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The chaos run's dataset: PRODUCTS products, the last one scarce (SCARCE_STOCK units), 100 customers with tokens. */
async function loadDataset(db: SqlRunner, jwtSecret: string): Promise<string[]> {
  const dataset = await loadBenchDataset(db, {
    products: PRODUCTS,
    customers: 100,
    warehouses: 2,
    stockPerRow: 1_000_000,
  });
  await db.query(
    `WITH m AS (INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta)
                VALUES ('adjust', 1, $1, $2 - 1000000, 0), ('adjust', 2, $1, -1000000, 0))
     UPDATE warehouse_stock SET on_hand = CASE warehouse_id WHEN 1 THEN $2 ELSE 0 END WHERE product_id = $1`,
    [SCARCE_PRODUCT, SCARCE_STOCK],
  );
  return mintTokens(
    jwtSecret,
    dataset.customers.map((c) => c.id),
  );
}
