import { DEFAULT_RESERVATION_TTL_SECONDS } from "@orders/domain";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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

/** Every problem with the environment, one line each, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid worker configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the worker's environment; throws ConfigError listing every bad value. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const problems: string[] = [];
  const url = (name: string, schemes: readonly string[]): string => {
    const value = env[name];
    if (value === undefined || value.trim() === "") {
      problems.push(`${name} is required (e.g. ${schemes[0]}://host:port/...)`);
      return "";
    }
    try {
      const scheme = new URL(value).protocol.replace(/:$/, "");
      if (!schemes.includes(scheme))
        problems.push(`${name} must start with ${schemes.map((s) => `${s}://`).join(" or ")}`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return value;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") return fallback;
    const value = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const logLevel = (): LogLevel => {
    const raw = (env.LOG_LEVEL ?? "info").trim() || "info";
    const level = LOG_LEVELS.find((l) => l === raw);
    if (level === undefined) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
    return level ?? "info";
  };
  const config: WorkerConfig = {
    databaseUrl: url("DATABASE_URL", ["postgres", "postgresql"]),
    redisUrl: url("REDIS_URL", ["redis", "rediss"]),
    reservationTtlSeconds: int("RESERVATION_TTL_SECONDS", DEFAULT_RESERVATION_TTL_SECONDS, 1, 86_400),
    sweepIntervalSeconds: int("SWEEP_INTERVAL_SECONDS", 30, 1, 3_600),
    pollIntervalMs: int("WORKER_POLL_INTERVAL_MS", 250, 10, 60_000),
    batchSize: int("WORKER_BATCH_SIZE", 100, 1, 10_000),
    healthPort: int("WORKER_HEALTH_PORT", 8086, 0, 65_535),
    logLevel: logLevel(),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
