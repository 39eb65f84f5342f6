import { DEFAULT_RESERVATION_TTL_SECONDS } from "@orders/domain";
import { type Env, EnvReader, type LogLevel } from "./EnvReader.js";

export { ConfigError } from "./EnvReader.js";

export interface WorkerConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly reservationTtlSeconds: number;
  readonly sweepIntervalSeconds: number;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly healthPort: number;
  readonly logLevel: LogLevel;
}

/** Reads and validates the worker's environment; throws ConfigError listing every bad value. */
export function loadConfig(env: Env): WorkerConfig {
  const read = new EnvReader(env);
  return read.done({
    databaseUrl: read.url("DATABASE_URL", ["postgres", "postgresql"]),
    redisUrl: read.url("REDIS_URL", ["redis", "rediss"]),
    reservationTtlSeconds: read.int("RESERVATION_TTL_SECONDS", DEFAULT_RESERVATION_TTL_SECONDS, 1, 86_400),
    sweepIntervalSeconds: read.int("SWEEP_INTERVAL_SECONDS", 30, 1, 3_600),
    pollIntervalMs: read.int("WORKER_POLL_INTERVAL_MS", 250, 10, 60_000),
    batchSize: read.int("WORKER_BATCH_SIZE", 100, 1, 10_000),
    healthPort: read.int("WORKER_HEALTH_PORT", 8086, 0, 65_535),
    logLevel: read.logLevel(),
  });
}
