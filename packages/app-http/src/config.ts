import { DEFAULT_RESERVATION_TTL_SECONDS } from "@orders/domain";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Embedded: PGlite under dataDir and in-process timers. Real: Postgres and Redis. */
export type StorageMode =
  | { readonly kind: "embedded" }
  | { readonly kind: "real"; readonly databaseUrl: string; readonly redisUrl: string };

export interface HttpConfig {
  readonly port: number;
  readonly mode: StorageMode;
  /** Undefined: generated once and kept in dataDir (refused when production is true). */
  readonly jwtSecret: string | undefined;
  readonly jwtTtlSeconds: number;
  readonly reservationTtlSeconds: number;
  readonly logLevel: LogLevel;
  readonly dataDir: string;
  readonly databasePoolMax: number;
  /** How often the embedded worker sweeps Postgres for overdue reservations. */
  readonly sweepIntervalSeconds: number;
  readonly production: boolean;
}

export const MIN_JWT_SECRET_BYTES = 32;

/** Every problem with the environment, one line each, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/** Reads and validates the HTTP process's environment; throws ConfigError listing every bad value. */
export function loadConfig(env: Env): HttpConfig {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (!isSet(raw)) return fallback;
    const value = Number(raw.trim());
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const url = (name: string, value: string, schemes: readonly string[]): string => {
    try {
      const scheme = new URL(value).protocol.replace(/:$/, "");
      if (!schemes.includes(scheme))
        problems.push(`${name} must start with ${schemes.map((s) => `${s}://`).join(" or ")}`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return value;
  };

  const mode = (): StorageMode => {
    const databaseUrl = env.DATABASE_URL;
    const redisUrl = env.REDIS_URL;
    if (!isSet(databaseUrl) && !isSet(redisUrl)) return { kind: "embedded" };
    if (!isSet(databaseUrl) || !isSet(redisUrl)) {
      problems.push(
        `${isSet(databaseUrl) ? "REDIS_URL" : "DATABASE_URL"} is required when ${isSet(databaseUrl) ? "DATABASE_URL" : "REDIS_URL"} is set (set both for real mode, neither for embedded mode)`,
      );
      return { kind: "embedded" };
    }
    return {
      kind: "real",
      databaseUrl: url("DATABASE_URL", databaseUrl, ["postgres", "postgresql"]),
      redisUrl: url("REDIS_URL", redisUrl, ["redis", "rediss"]),
    };
  };

  const production = env.NODE_ENV === "production";
  const jwtSecret = (): string | undefined => {
    const secret = env.JWT_SECRET;
    if (!isSet(secret)) {
      if (production)
        problems.push(`JWT_SECRET is required when NODE_ENV=production (at least ${MIN_JWT_SECRET_BYTES} bytes)`);
      return undefined;
    }
    const bytes = Buffer.byteLength(secret, "utf8");
    if (bytes < MIN_JWT_SECRET_BYTES) {
      problems.push(`JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes, got ${bytes}`);
    }
    return secret;
  };

  const logLevel = (): LogLevel => {
    const raw = isSet(env.LOG_LEVEL) ? env.LOG_LEVEL.trim() : "info";
    const level = LOG_LEVELS.find((l) => l === raw);
    if (level === undefined) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
    return level ?? "info";
  };

  const config: HttpConfig = {
    port: int("PORT", 8085, 0, 65_535),
    mode: mode(),
    jwtSecret: jwtSecret(),
    jwtTtlSeconds: int("JWT_TTL_SECONDS", 3600, 60, 30 * 86_400),
    reservationTtlSeconds: int("RESERVATION_TTL_SECONDS", DEFAULT_RESERVATION_TTL_SECONDS, 1, 86_400),
    logLevel: logLevel(),
    dataDir: isSet(env.DATA_DIR) ? env.DATA_DIR.trim() : "./.data",
    databasePoolMax: int("DATABASE_POOL_MAX", 10, 1, 1_000),
    sweepIntervalSeconds: int("SWEEP_INTERVAL_SECONDS", 30, 1, 3_600),
    production,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
