// Starts the compiled worker and N HTTP processes against the bench database, and stops them recording their exits.
import { join } from "node:path";
import type { BenchEnvironment } from "./benchEnvironment.js";
import { freePort, ServiceProcess } from "./ServiceProcess.js";
import { LOG_LEVEL, POOL_MAX, RESERVATION_TTL_SECONDS, SWEEP_INTERVAL_SECONDS } from "./settings.js";

export interface RunningService {
  readonly worker: ServiceProcess;
  readonly https: readonly ServiceProcess[];
  /** One base URL per HTTP process. */
  readonly urls: readonly string[];
}

export interface ProcessExit {
  readonly name: string;
  readonly code: number | null;
  readonly ms: number;
}

export class BenchServices {
  /** How every stopped process exited, in stop order. */
  readonly exits: ProcessExit[] = [];

  constructor(
    private readonly bench: BenchEnvironment,
    private readonly databaseUrl: string,
  ) {}

  async start(httpCount: number, nodeArgs: readonly string[] = []): Promise<RunningService> {
    const { bench } = this;
    const commonEnv = {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: bench.redisUrl,
      RESERVATION_TTL_SECONDS: String(RESERVATION_TTL_SECONDS),
      SWEEP_INTERVAL_SECONDS: String(SWEEP_INTERVAL_SECONDS),
      // The load drives each customer far harder than a person: the per-user checkout limit would answer 429s.
      CHECKOUT_RATE_LIMIT: "0",
      LOG_LEVEL,
      NODE_ENV: "production",
    };
    const healthPort = await freePort();
    const worker = new ServiceProcess({
      name: "worker",
      script: bench.workerMain,
      env: { ...commonEnv, WORKER_HEALTH_PORT: String(healthPort) },
      logFile: join(bench.workDir, `x${httpCount}-worker.log`),
      readyUrl: `http://127.0.0.1:${healthPort}/healthz`,
    });
    const https: ServiceProcess[] = [];
    for (let i = 1; i <= httpCount; i++) {
      const port = await freePort();
      https.push(
        new ServiceProcess({
          name: `http-${i}`,
          script: bench.httpMain,
          env: { ...commonEnv, JWT_SECRET: bench.jwtSecret, PORT: String(port), DATABASE_POOL_MAX: String(POOL_MAX) },
          nodeArgs,
          logFile: join(bench.workDir, `x${httpCount}-http-${i}.log`),
          readyUrl: `http://127.0.0.1:${port}/readyz`,
        }),
      );
    }
    const all = [worker, ...https];
    for (const p of all) {
      bench.processes.push(p);
      p.start();
    }
    await Promise.all(all.map((p) => p.waitReady()));
    return { worker, https, urls: https.map((p) => `http://127.0.0.1:${p.options.env.PORT}`) };
  }

  /** SIGTERM to the HTTP processes, then the worker, one at a time. */
  async stop(service: RunningService): Promise<void> {
    for (const p of [...service.https, service.worker]) {
      const exit = await p.stop("SIGTERM", 12_000);
      this.exits.push({ name: p.options.name, code: exit.code, ms: exit.ms });
      this.bench.processes.splice(this.bench.processes.indexOf(p), 1);
    }
  }
}
