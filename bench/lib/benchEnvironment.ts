// What one bench run owns and cleans up: results and work folders, scratch database, Redis db, service processes.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres, connectRedis, migrate, type SqlRunner } from "@orders/adapters";
import { loadBenchDataset, mintTokens } from "./loadBenchDataset.js";
import type { ServiceProcess } from "./ServiceProcess.js";
import type { Fixture } from "./scenarios.js";
import { createScratchDatabase, type ScratchDatabase } from "./scratchDatabase.js";
import {
  ADMIN_URL,
  CUSTOMERS,
  log,
  PRODUCTS,
  REDIS_BASE,
  REDIS_DB,
  ROOT,
  STOCK_PER_ROW,
  WAREHOUSES,
} from "./settings.js";

/** The loaded bench database and what the load generator needs to act as its customers. */
export interface PreparedBench {
  readonly db: SqlRunner;
  readonly databaseUrl: string;
  readonly fixture: Fixture;
}

export class BenchEnvironment {
  readonly httpMain = join(ROOT, "packages/app-http/dist/main.js");
  readonly workerMain = join(ROOT, "packages/app-worker/dist/main.js");
  readonly stamp = new Date().toISOString().replace(/[:.]/g, "-");
  readonly resultsDir = join(ROOT, "bench/results");
  readonly workDir: string;
  readonly redisUrl = `${REDIS_BASE.replace(/\/\d*$/, "")}/${REDIS_DB}`;
  readonly jwtSecret = randomBytes(32).toString("hex");
  /** The service processes running now: started by BenchServices, stopped by it or by cleanup(). */
  readonly processes: ServiceProcess[] = [];
  private scratch: ScratchDatabase | undefined;
  private db: SqlRunner | undefined;
  private interrupted = false;

  /** Throws when the compiled processes are missing; makes the results and work folders. */
  constructor() {
    for (const file of [this.httpMain, this.workerMain]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run make build first`);
    }
    mkdirSync(this.resultsDir, { recursive: true });
    this.workDir = mkdtempSync(join(tmpdir(), "orders-bench-"));
  }

  async flushRedis(): Promise<void> {
    const client = await connectRedis(this.redisUrl);
    try {
      await client.flushDb();
    } finally {
      client.destroy();
    }
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop("SIGTERM", 5_000)));
    await this.db?.close().catch(() => undefined);
    await this.scratch?.drop().catch((error: unknown) => log(`could not drop ${this.scratch?.name}: ${String(error)}`));
    await this.flushRedis().catch(() => undefined);
  }

  /** On SIGINT or SIGTERM: stop the processes, drop the database, exit 130. */
  cleanUpOnSignals(): void {
    const onSignal = () => {
      if (this.interrupted) return;
      this.interrupted = true;
      log("interrupted: stopping the processes and dropping the bench database");
      void this.cleanup().finally(() => process.exit(130));
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }

  /** Creates, migrates and loads the scratch database, mints the customers' tokens, empties the Redis db. */
  async prepare(): Promise<PreparedBench> {
    const scratch = await createScratchDatabase(ADMIN_URL, "bench");
    this.scratch = scratch;
    // The audit reads every table: on a machine busy with other work it can take longer than the default 30 s.
    const db = connectPostgres({ connectionString: scratch.url, max: 2, queryTimeoutMillis: 180_000 });
    this.db = db;
    await migrate(db);
    const dataset = await loadBenchDataset(db, {
      products: PRODUCTS,
      customers: CUSTOMERS,
      warehouses: WAREHOUSES,
      stockPerRow: STOCK_PER_ROW,
    });
    const fixture: Fixture = {
      tokens: await mintTokens(
        this.jwtSecret,
        dataset.customers.map((c) => c.id),
      ),
      emails: dataset.customers.map((c) => c.email),
      password: dataset.password,
    };
    await this.flushRedis();
    log(
      `bench database ${scratch.name}: ${PRODUCTS} products x ${WAREHOUSES} warehouses, ${CUSTOMERS} customers with tokens; Redis db ${REDIS_DB}`,
    );
    return { db, databaseUrl: scratch.url, fixture };
  }
}
