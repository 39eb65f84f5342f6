import { type Env, EnvReader, type LogLevel } from "@orders/app-worker";
import { DEFAULT_RESERVATION_TTL_SECONDS } from "@orders/domain";

export { ConfigError } from "@orders/app-worker";

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

/** Reads and validates the HTTP process's environment; throws ConfigError listing every bad value. */
export function loadConfig(env: Env): HttpConfig {
  const read = new EnvReader(env);
  const production = read.get("NODE_ENV") === "production";

  const mode = (): StorageMode => {
    const database = read.get("DATABASE_URL");
    const redis = read.get("REDIS_URL");
    if (database === undefined && redis === undefined) return { kind: "embedded" };
    if (database === undefined || redis === undefined) {
      const [missing, present] = database === undefined ? ["DATABASE_URL", "REDIS_URL"] : ["REDIS_URL", "DATABASE_URL"];
      read.problem(`${missing} is required when ${present} is set (set both for real mode, neither for embedded mode)`);
      return { kind: "embedded" };
    }
    return {
      kind: "real",
      databaseUrl: read.url("DATABASE_URL", ["postgres", "postgresql"]),
      redisUrl: read.url("REDIS_URL", ["redis", "rediss"]),
    };
  };

  const jwtSecret = (): string | undefined => {
    const secret = read.get("JWT_SECRET");
    if (secret === undefined) {
      if (production)
        read.problem(`JWT_SECRET is required when NODE_ENV=production (at least ${MIN_JWT_SECRET_BYTES} bytes)`);
      return undefined;
    }
    const bytes = Buffer.byteLength(secret, "utf8");
    if (bytes < MIN_JWT_SECRET_BYTES)
      read.problem(`JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes, got ${bytes}`);
    return secret;
  };

  return read.done({
    port: read.int("PORT", 8085, 0, 65_535),
    mode: mode(),
    jwtSecret: jwtSecret(),
    jwtTtlSeconds: read.int("JWT_TTL_SECONDS", 3600, 60, 30 * 86_400),
    reservationTtlSeconds: read.int("RESERVATION_TTL_SECONDS", DEFAULT_RESERVATION_TTL_SECONDS, 1, 86_400),
    logLevel: read.logLevel(),
    dataDir: read.get("DATA_DIR") ?? "./.data",
    databasePoolMax: read.int("DATABASE_POOL_MAX", 10, 1, 1_000),
    sweepIntervalSeconds: read.int("SWEEP_INTERVAL_SECONDS", 30, 1, 3_600),
    production,
  });
}
