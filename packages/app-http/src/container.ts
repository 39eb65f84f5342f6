import "reflect-metadata";
import {
  checkDatabase,
  checkRedis,
  connectPostgres,
  connectRedis,
  createPostgresPorts,
  type IdempotencyStore,
  InProcessReservationTimer,
  JoseTokenIssuer,
  migrate,
  openEmbeddedDatabase,
  type PostgresPorts,
  type RedisClient,
  RedisLoginAttempts,
  RedisReservationTimer,
  ScryptPasswordHasher,
  SqlIdempotencyStore,
  type SqlRunner,
  SqlSweepLog,
  SystemClock,
} from "@orders/adapters";
import { createLogger, ExpiryWorker } from "@orders/app-worker";
import {
  type Clock,
  createOrderService,
  type LoginAttempts,
  type OrderService,
  type PasswordHasher,
  type ReservationTimer,
  SlidingWindowLoginAttempts,
  type TokenIssuer,
} from "@orders/domain";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { type DependencyContainer, instanceCachingFactory, container as rootContainer } from "tsyringe";
import type { HttpConfig } from "./config.js";
import { type App, createApp } from "./createApp.js";
import type { AppEnv } from "./http/AppEnv.js";
import { loadOrCreateSecret } from "./loadOrCreateSecret.js";
import type { Readiness } from "./routes/opsRoutes.js";
import { Tokens } from "./tokens.js";

/** What main.ts runs: the app, the embedded worker (if any), and how to let go of everything. */
export interface Runtime {
  readonly app: App;
  readonly logger: Logger;
  readonly config: HttpConfig;
  readonly worker: ExpiryWorker | null;
  /** Stops the worker, then closes Redis and the database. */
  close(): Promise<void>;
}

/** Opens the connections (the only async part), so every registration below can be a factory. */
async function openStorage(config: HttpConfig, logger: Logger) {
  if (config.mode.kind === "embedded") {
    const db = await openEmbeddedDatabase(config.dataDir);
    // Idempotent: the first start creates the schema and the demo data, later starts do nothing.
    await migrate(db, { seed: true });
    return { db, redis: null };
  }
  const db = connectPostgres({ connectionString: config.mode.databaseUrl, max: config.databasePoolMax });
  // Start even while Redis is down: /readyz says degraded and the sweep still expires reservations.
  const redis = await connectRedis(config.mode.redisUrl, {
    waitForConnection: false,
    onError: (error) => logger.warn({ err: error }, "redis error"),
  });
  return { db, redis };
}

/** Builds the composition for `config`: embedded (PGlite, in-process timers, worker inside) or real. */
export async function buildContainer(
  config: HttpConfig,
  tracing?: MiddlewareHandler<AppEnv>,
): Promise<DependencyContainer> {
  const logger = createLogger(config, "order-http");
  const { db, redis } = await openStorage(config, logger);
  const c = rootContainer.createChildContainer();
  const once = <T>(factory: (c: DependencyContainer) => T) => ({ useFactory: instanceCachingFactory<T>(factory) });
  const embedded = config.mode.kind === "embedded";

  c.register(Tokens.Config, { useValue: config });
  c.register(Tokens.Logger, { useValue: logger });
  c.register(Tokens.Database, { useValue: db });
  // A factory, not useValue: tsyringe takes useValue null for "no provider".
  c.register(Tokens.Redis, { useFactory: () => redis });
  c.register(
    Tokens.Registry,
    once(() => {
      const registry = new Registry();
      collectDefaultMetrics({ register: registry });
      return registry;
    }),
  );
  c.register(
    Tokens.Clock,
    once(() => new SystemClock()),
  );
  c.register(
    Tokens.StoragePorts,
    once((c) => createPostgresPorts(c.resolve<SqlRunner>(Tokens.Database))),
  );
  c.register(
    Tokens.ReservationTimer,
    once((c): ReservationTimer => {
      const client = c.resolve<RedisClient | null>(Tokens.Redis);
      if (client === null) return new InProcessReservationTimer({ clock: c.resolve<Clock>(Tokens.Clock) });
      return new RedisReservationTimer(client, {
        onError: (error, operation) => logger.warn({ err: error, operation }, "reservation timer call failed"),
      });
    }),
  );
  c.register(
    Tokens.LoginAttempts,
    once((c): LoginAttempts => {
      const client = c.resolve<RedisClient | null>(Tokens.Redis);
      return client === null
        ? new SlidingWindowLoginAttempts({ clock: c.resolve<Clock>(Tokens.Clock) })
        : new RedisLoginAttempts(client);
    }),
  );
  c.register(
    Tokens.PasswordHasher,
    once(() => new ScryptPasswordHasher()),
  );
  c.register(
    Tokens.TokenIssuer,
    once(
      (c) =>
        new JoseTokenIssuer({
          secret: config.jwtSecret ?? loadOrCreateSecret(config.dataDir),
          ttlSeconds: config.jwtTtlSeconds,
          clock: c.resolve<Clock>(Tokens.Clock),
        }),
    ),
  );
  c.register(
    Tokens.OrderService,
    once((c) =>
      createOrderService(
        {
          ...c.resolve<PostgresPorts>(Tokens.StoragePorts),
          timer: c.resolve<ReservationTimer>(Tokens.ReservationTimer),
          clock: c.resolve<Clock>(Tokens.Clock),
          hasher: c.resolve<PasswordHasher>(Tokens.PasswordHasher),
          tokens: c.resolve<TokenIssuer>(Tokens.TokenIssuer),
          loginAttempts: c.resolve<LoginAttempts>(Tokens.LoginAttempts),
        },
        { reservationTtlSeconds: config.reservationTtlSeconds },
      ),
    ),
  );
  c.register(
    Tokens.Readiness,
    // Ready means the database answers; Redis down only degrades (checkout and pay work, the sweep expires).
    once((c): Readiness => {
      const database = c.resolve<SqlRunner>(Tokens.Database);
      const client = c.resolve<RedisClient | null>(Tokens.Redis);
      return {
        required: { database: () => checkDatabase(database) },
        optional: client === null ? {} : { redis: () => checkRedis(client) },
      };
    }),
  );
  c.register(
    Tokens.IdempotencyStore,
    // Postgres in both modes: in real mode every HTTP replica must see every key.
    once((c) => new SqlIdempotencyStore(c.resolve<SqlRunner>(Tokens.Database))),
  );
  c.register(
    Tokens.ExpiryWorker,
    once((c) =>
      // Real mode runs the worker as its own process (app-worker); embedded mode runs it here.
      embedded
        ? new ExpiryWorker({
            useCases: c.resolve<OrderService>(Tokens.OrderService),
            timer: c.resolve<ReservationTimer>(Tokens.ReservationTimer),
            clock: c.resolve<Clock>(Tokens.Clock),
            logger: logger.child({ component: "expiry-worker" }),
            registry: c.resolve<Registry>(Tokens.Registry),
            sweepIntervalMs: config.sweepIntervalSeconds * 1000,
            idempotencyKeys: c.resolve<IdempotencyStore>(Tokens.IdempotencyStore),
            sweepLog: new SqlSweepLog(c.resolve<SqlRunner>(Tokens.Database)),
          })
        : null,
    ),
  );
  c.register(
    Tokens.App,
    once((c) =>
      createApp({
        service: c.resolve<OrderService>(Tokens.OrderService),
        tokens: c.resolve<TokenIssuer>(Tokens.TokenIssuer),
        users: c.resolve<PostgresPorts>(Tokens.StoragePorts).users,
        readiness: c.resolve<Readiness>(Tokens.Readiness),
        registry: c.resolve<Registry>(Tokens.Registry),
        logger,
        idempotency: c.resolve<IdempotencyStore>(Tokens.IdempotencyStore),
        corsOrigins: config.corsOrigins,
        tracing,
      }),
    ),
  );
  return c;
}

/** Builds the container and resolves what main.ts needs from it; `tracing`: see AppDeps.tracing. */
export async function createRuntime(config: HttpConfig, tracing?: MiddlewareHandler<AppEnv>): Promise<Runtime> {
  const c = await buildContainer(config, tracing);
  const worker = c.resolve<ExpiryWorker | null>(Tokens.ExpiryWorker);
  const db = c.resolve<SqlRunner>(Tokens.Database);
  const redis = c.resolve<RedisClient | null>(Tokens.Redis);
  return {
    app: c.resolve<App>(Tokens.App),
    logger: c.resolve<Logger>(Tokens.Logger),
    config,
    worker,
    close: async () => {
      await worker?.stop();
      if (redis !== null) await redis.close().catch(() => undefined);
      await db.close();
    },
  };
}
