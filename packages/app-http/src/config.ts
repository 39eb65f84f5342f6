import { type EnvTable, formatHelp, MIN_SECRET_BYTES, redisUrlProblem } from "@orders/adapters";
import { EVENTS_ENV, type EventConfig, readEventConfig } from "@orders/app-worker";
import { DEFAULT_CHECKOUT_BATCH_MAX, DEFAULT_HOLD_LIMITS, DEFAULT_RESERVATION_TTL_SECONDS } from "@orders/domain";
import { type Env, EnvReader, LOG_ENV, type LogFormat, type LogLevel } from "@orders/process";
import { CHECKOUT_RATE_WINDOW_SECONDS, DEFAULT_CHECKOUT_RATE_LIMIT } from "./http/checkoutRateLimit.js";
import { DEFAULT_CURRENCY, isCurrencyCode } from "./http/currency.js";
import { TRACING_ENV } from "./startTracing.js";

/** Embedded: PGlite under dataDir and in-process timers. Real: Postgres and Redis. */
export type StorageMode =
  | { readonly kind: "embedded" }
  | { readonly kind: "real"; readonly databaseUrl: string; readonly redisUrl: string };

export interface ReadReplicaConfig {
  readonly url: string;
  /** Beyond this lag (or when down) browsing reads go to the primary. */
  readonly maxLagMs: number;
}

export interface HttpConfig {
  readonly port: number;
  readonly mode: StorageMode;
  /** A streaming replica for catalog browsing (DATABASE_READ_URL, real mode only), or null. */
  readonly readReplica: ReadReplicaConfig | null;
  /** Undefined: generated once and kept in dataDir (refused when production is true). */
  readonly jwtSecret: string | undefined;
  readonly jwtTtlSeconds: number;
  readonly reservationTtlSeconds: number;
  /** ISO 4217 code of every price and total the API shows. */
  readonly currency: string;
  /** Hold limits per customer, judged inside checkout's write; beyond them checkout answers 409 hold_limit_reached. */
  readonly maxPendingUnitsPerProduct: number;
  readonly maxPendingOrders: number;
  /** Most checkouts one coalesced reservation write carries. */
  readonly checkoutBatchMax: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /** Origins a browser may call the API from (CORS); empty: CORS off. */
  readonly corsOrigins: readonly string[];
  readonly dataDir: string;
  readonly databasePoolMax: number;
  /** Checkouts per user per 10 s (CHECKOUT_RATE_LIMIT); 0: no limit. */
  readonly checkoutRateLimit: number;
  /** How often the embedded worker sweeps Postgres for overdue reservations. */
  readonly sweepIntervalSeconds: number;
  readonly production: boolean;
  /** Webhooks, NATS, retention (the embedded process delivers; a real-mode HTTP process manages webhooks). */
  readonly events: EventConfig;
}

/** Every variable the HTTP process reads: loadConfig's defaults and `--help` both come from here. */
export const HTTP_ENV = {
  PORT: { default: 8085, meaning: "HTTP port" },
  DATABASE_URL: { meaning: "postgres://...; with REDIS_URL selects real mode; neither: embedded mode" },
  REDIS_URL: {
    meaning:
      "redis://host:port, or redis+cluster://host:port,host:port for a Redis Cluster: reservation timer and login lockout shared by every replica",
  },
  DATABASE_READ_URL: {
    meaning:
      "postgres://... of a streaming replica (real mode, optional): product listing and pages read there; checkout, pay and stock stay on DATABASE_URL",
  },
  READ_REPLICA_MAX_LAG_MS: {
    default: 1000,
    meaning: "a replica further behind (or down) serves nothing: reads go to the primary",
  },
  JWT_SECRET: {
    default: "generated",
    meaning: `HS256 key, at least ${MIN_SECRET_BYTES} bytes; required when NODE_ENV=production, else kept in DATA_DIR/jwt-secret`,
  },
  JWT_TTL_SECONDS: { default: 3600, meaning: "token lifetime (60..2592000)" },
  RESERVATION_TTL_SECONDS: { default: DEFAULT_RESERVATION_TTL_SECONDS, meaning: "how long checkout holds stock" },
  CURRENCY: {
    default: DEFAULT_CURRENCY,
    meaning:
      "ISO 4217 code (3 capital letters) of every price_cents and total_cents; IDR fits the seed's whole-rupiah prices",
  },
  MAX_PENDING_UNITS_PER_PRODUCT: {
    default: DEFAULT_HOLD_LIMITS.maxPendingUnitsPerProduct,
    meaning: "most pending (unpaid) units of one product a customer may hold; beyond: 409 hold_limit_reached",
  },
  MAX_PENDING_ORDERS: {
    default: DEFAULT_HOLD_LIMITS.maxPendingOrders,
    meaning: "most pending (unpaid) orders a customer may hold; beyond: 409 hold_limit_reached",
  },
  CHECKOUT_BATCH_MAX: {
    default: DEFAULT_CHECKOUT_BATCH_MAX,
    meaning: "most checkouts one reservation statement carries (checkouts queue while one runs)",
  },
  CHECKOUT_RATE_LIMIT: {
    default: DEFAULT_CHECKOUT_RATE_LIMIT,
    meaning: `checkouts per user per ${CHECKOUT_RATE_WINDOW_SECONDS} s (0..100000, 0: off); shared through Redis in real mode`,
  },
  ...LOG_ENV,
  CORS_ORIGINS: {
    meaning: "comma-separated origins (https://shop.example.com) a browser may call from; unset: CORS off",
  },
  DATA_DIR: { default: "./.data", meaning: "embedded database and generated secret" },
  DATABASE_POOL_MAX: { default: 10, meaning: "pg pool size per HTTP process (real mode)" },
  SWEEP_INTERVAL_SECONDS: { default: 30, meaning: "embedded worker's Postgres sweep interval" },
  NODE_ENV: { meaning: "production: JWT_SECRET is required" },
  ...EVENTS_ENV,
} as const satisfies EnvTable;

export const HTTP_HELP = formatHelp(
  "usage: node packages/app-http/dist/main.js   (make run: embedded mode; make http: real mode)\n" +
    "The order service's HTTP API; in embedded mode it also runs the expiry worker.",
  { ...HTTP_ENV, ...TRACING_ENV },
);

/** Each entry of a comma-separated list must be an origin exactly: scheme, host, optional port, nothing else. */
function corsOrigins(read: EnvReader): readonly string[] {
  const origins = (read.get("CORS_ORIGINS") ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "");
  for (const origin of origins) {
    let valid = false;
    try {
      const url = new URL(origin);
      valid = (url.protocol === "https:" || url.protocol === "http:") && url.origin === origin;
    } catch {}
    if (!valid)
      read.problem(
        `CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path or trailing slash, e.g. https://shop.example.com)`,
      );
  }
  return origins;
}

/** REDIS_URL names one server or a cluster (parseRedisTarget). */
function redisUrl(read: EnvReader, value: string): string {
  const problem = redisUrlProblem(value);
  if (problem !== undefined) read.problem(`REDIS_URL ${problem}`);
  return value;
}

/** Reads and validates the HTTP process's environment; throws ConfigError (@orders/process) listing every bad value. */
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
      redisUrl: redisUrl(read, redis),
    };
  };

  const jwtSecret = (): string | undefined => {
    const secret = read.get("JWT_SECRET");
    if (secret === undefined) {
      if (production)
        read.problem(`JWT_SECRET is required when NODE_ENV=production (at least ${MIN_SECRET_BYTES} bytes)`);
      return undefined;
    }
    const bytes = Buffer.byteLength(secret, "utf8");
    if (bytes < MIN_SECRET_BYTES) read.problem(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes, got ${bytes}`);
    return secret;
  };

  const currency = (): string => {
    const code = read.get("CURRENCY") ?? HTTP_ENV.CURRENCY.default;
    if (!isCurrencyCode(code))
      read.problem(`CURRENCY: "${code}" is not an ISO 4217 currency code (3 capital letters, e.g. IDR)`);
    return code;
  };

  const readReplica = (storage: StorageMode): ReadReplicaConfig | null => {
    const maxLagMs = read.int("READ_REPLICA_MAX_LAG_MS", HTTP_ENV.READ_REPLICA_MAX_LAG_MS.default, 0, 3_600_000);
    if (read.get("DATABASE_READ_URL") === undefined) return null;
    if (storage.kind !== "real") {
      read.problem("DATABASE_READ_URL needs real mode (DATABASE_URL and REDIS_URL)");
      return null;
    }
    return { url: read.url("DATABASE_READ_URL", ["postgres", "postgresql"]), maxLagMs };
  };

  // Read in this order so that problems are listed in the order of the table.
  const port = read.int("PORT", HTTP_ENV.PORT.default, 0, 65_535);
  const storage = mode();
  return read.done({
    port,
    mode: storage,
    readReplica: readReplica(storage),
    jwtSecret: jwtSecret(),
    jwtTtlSeconds: read.int("JWT_TTL_SECONDS", HTTP_ENV.JWT_TTL_SECONDS.default, 60, 30 * 86_400),
    reservationTtlSeconds: read.int("RESERVATION_TTL_SECONDS", HTTP_ENV.RESERVATION_TTL_SECONDS.default, 1, 86_400),
    currency: currency(),
    maxPendingUnitsPerProduct: read.int(
      "MAX_PENDING_UNITS_PER_PRODUCT",
      HTTP_ENV.MAX_PENDING_UNITS_PER_PRODUCT.default,
      1,
      1_000_000_000,
    ),
    maxPendingOrders: read.int("MAX_PENDING_ORDERS", HTTP_ENV.MAX_PENDING_ORDERS.default, 1, 1_000_000_000),
    checkoutBatchMax: read.int("CHECKOUT_BATCH_MAX", HTTP_ENV.CHECKOUT_BATCH_MAX.default, 1, 1_000),
    checkoutRateLimit: read.int("CHECKOUT_RATE_LIMIT", HTTP_ENV.CHECKOUT_RATE_LIMIT.default, 0, 100_000),
    logLevel: read.logLevel(),
    logFormat: read.logFormat(),
    corsOrigins: corsOrigins(read),
    dataDir: read.get("DATA_DIR") ?? HTTP_ENV.DATA_DIR.default,
    databasePoolMax: read.int("DATABASE_POOL_MAX", HTTP_ENV.DATABASE_POOL_MAX.default, 1, 1_000),
    sweepIntervalSeconds: read.int("SWEEP_INTERVAL_SECONDS", HTTP_ENV.SWEEP_INTERVAL_SECONDS.default, 1, 3_600),
    production,
    events: readEventConfig(read),
  });
}
