import { type EnvTable, formatHelp, redisUrlProblem } from "@orders/adapters";
import { type Env, EnvReader, LOG_ENV, type LogFormat, type LogLevel } from "@orders/process";
import { EVENTS_ENV, type EventConfig, readEventConfig } from "./eventConfig.js";

export interface WorkerConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly sweepIntervalSeconds: number;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly healthPort: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly events: EventConfig;
}

/** Every variable the worker reads: loadConfig's defaults and `--help` both come from here. */
export const WORKER_ENV = {
  DATABASE_URL: { meaning: "postgres://... (required)" },
  REDIS_URL: {
    meaning:
      "redis://host:port (one server) or redis+cluster://host:port,host:port (Redis Cluster seed nodes) (required): the reservation timer the claim loop reads",
  },
  SWEEP_INTERVAL_SECONDS: { default: 30, meaning: "pause between Postgres sweeps for overdue reservations (1..3600)" },
  WORKER_POLL_INTERVAL_MS: { default: 250, meaning: "pause between timer claims when the last was not full" },
  WORKER_BATCH_SIZE: { default: 100, meaning: "orders claimed per call and expired per sweep transaction" },
  WORKER_HEALTH_PORT: { default: 8086, meaning: "port of GET /healthz and GET /metrics" },
  ...EVENTS_ENV,
  ...LOG_ENV,
} as const satisfies EnvTable;

export const WORKER_HELP = formatHelp(
  "usage: node packages/app-worker/dist/main.js   (make worker)\n" +
    "Real-mode expiry worker: releases expired reservations (Redis timer claims, Postgres sweep);\n" +
    "delivers events (signed webhooks, NATS JetStream with NATS_URL) and purges old ones;\n" +
    "serves GET /healthz and GET /metrics on WORKER_HEALTH_PORT. SIGTERM/SIGINT stop it cleanly.",
  WORKER_ENV,
);

/** Reads and validates the worker's environment; throws ConfigError (@orders/process) listing every bad value. */
export function loadConfig(env: Env): WorkerConfig {
  const read = new EnvReader(env);
  const E = WORKER_ENV;
  return read.done({
    databaseUrl: read.url("DATABASE_URL", ["postgres", "postgresql"]),
    redisUrl: redisUrl(read),
    sweepIntervalSeconds: read.int("SWEEP_INTERVAL_SECONDS", E.SWEEP_INTERVAL_SECONDS.default, 1, 3_600),
    pollIntervalMs: read.int("WORKER_POLL_INTERVAL_MS", E.WORKER_POLL_INTERVAL_MS.default, 10, 60_000),
    batchSize: read.int("WORKER_BATCH_SIZE", E.WORKER_BATCH_SIZE.default, 1, 10_000),
    healthPort: read.int("WORKER_HEALTH_PORT", E.WORKER_HEALTH_PORT.default, 0, 65_535),
    logLevel: read.logLevel(),
    logFormat: read.logFormat(),
    events: readEventConfig(read),
  });
}

/** REDIS_URL names one server or a cluster (parseRedisTarget). */
function redisUrl(read: EnvReader): string {
  const value = read.get("REDIS_URL");
  const problem = value === undefined ? "is required (e.g. redis://host:port/...)" : redisUrlProblem(value);
  if (problem !== undefined) read.problem(`REDIS_URL ${problem}`);
  return value ?? "";
}
