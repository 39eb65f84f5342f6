// The only file that knows tsyringe. reflect-metadata first: tsyringe expects it loaded.
import "reflect-metadata";
import {
  cachedCatalogPorts,
  checkDatabase,
  checkRedis,
  connectPostgres,
  connectRedis,
  createPostgresPorts,
  InProcessReservationTimer,
  JetStreamSink,
  JoseTokenIssuer,
  migrate,
  newWebhookSecret,
  openEmbeddedDatabase,
  PostgresEventFeed,
  PostgresWebhooks,
  RedisLoginAttempts,
  RedisReservationTimer,
  ReplicaCatalog,
  ReplicaLagMonitor,
  ScryptPasswordHasher,
  SqlIdempotencyStore,
  type SqlRunner,
  SqlSweepLog,
  SystemClock,
  WebhookUrlGuard,
} from "@orders/adapters";
import { createEventWorker, type EventWorker, ExpiryWorker, retryPolicyOf } from "@orders/app-worker";
import {
  type Catalog,
  createOrderService,
  GetProduct,
  ListProducts,
  type LoginAttempts,
  ManageWebhooks,
  type ReservationTimer,
  SlidingWindowLoginAttempts,
} from "@orders/domain";
import { createLogger, provide, resolve } from "@orders/process";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { type DependencyContainer, container as rootContainer } from "tsyringe";
import type { HttpConfig } from "./config.js";
import { type App, createApp } from "./createApp.js";
import type { AppEnv } from "./http/AppEnv.js";
import { checkoutRateLimitStore } from "./http/checkoutRateLimit.js";
import { loadOrCreateSecret } from "./loadOrCreateSecret.js";
import type { Readiness } from "./routes/opsRoutes.js";
import { Tokens } from "./tokens.js";

/** What main.ts runs: the app, the embedded worker (if any), and how to let go of everything. */
export interface Runtime {
  readonly app: App;
  readonly logger: Logger;
  readonly config: HttpConfig;
  readonly worker: ExpiryWorker | null;
  /** The embedded process's event delivery; null in real mode (the worker process delivers). */
  readonly events: EventWorker | null;
  /** Stops the worker, then closes Redis and the database. */
  close(): Promise<void>;
}

/** Opens the connections (the only async part), so every registration below can be a factory. */
async function openStorage(config: HttpConfig, logger: Logger) {
  if (config.mode.kind === "embedded") {
    const db = await openEmbeddedDatabase(config.dataDir);
    // Idempotent: the first start creates the schema and the demo data, later starts do nothing.
    await migrate(db, { seed: true });
    return { db, redis: null, nats: await openNats(config), replica: null };
  }
  const db = connectPostgres({ connectionString: config.mode.databaseUrl, max: config.databasePoolMax });
  // Start even while Redis is down: /readyz says degraded and the sweep still expires reservations.
  const redis = await connectRedis(config.mode.redisUrl, {
    waitForConnection: false,
    onError: (error) => logger.warn({ err: error }, "redis error"),
  });
  const replica =
    config.readReplica === null
      ? null
      : connectPostgres({
          connectionString: config.readReplica.url,
          max: config.databasePoolMax,
          connectionTimeoutMillis: 1_000,
        });
  return { db, redis, nats: null, replica };
}

/**
 * With DATABASE_READ_URL: the replica's lag monitor (exported on /metrics as read_replica_lag_ms
 * and read_replica_in_use) and the Catalog that browsing reads from. Null without a replica.
 */
function readReplicaCatalog(config: HttpConfig, replica: SqlRunner | null, primary: Catalog, registry: Registry) {
  if (replica === null || config.readReplica === null) return null;
  const lag = new Gauge({
    name: "read_replica_lag_ms",
    help: "How far the read replica is behind the primary (ms); -1 when it does not answer",
    registers: [registry],
  });
  const inUse = new Gauge({
    name: "read_replica_in_use",
    help: "1 when catalog browsing reads from the replica, 0 when it falls back to the primary (down or lagging)",
    registers: [registry],
  });
  const monitor = new ReplicaLagMonitor(replica, {
    maxLagMs: config.readReplica.maxLagMs,
    onMeasure: (ms, usable) => {
      lag.set(ms ?? -1);
      inUse.set(usable ? 1 : 0);
    },
  });
  monitor.start();
  return { monitor, replica, catalog: new ReplicaCatalog(primary, replica, monitor) };
}

/** The embedded process publishes to NATS itself; in real mode the worker process does. */
function openNats(config: HttpConfig): Promise<JetStreamSink | null> {
  const url = config.events.natsUrl;
  return url === undefined ? Promise.resolve(null) : JetStreamSink.open(url);
}

/** Builds the composition for `config`: embedded (PGlite, in-process timers, worker inside) or real. */
export async function buildContainer(
  config: HttpConfig,
  tracing?: MiddlewareHandler<AppEnv>,
): Promise<DependencyContainer> {
  const logger = createLogger(config, "order-http");
  const { db, redis, nats, replica } = await openStorage(config, logger);
  const c = rootContainer.createChildContainer();
  const embedded = config.mode.kind === "embedded";

  provide(c, Tokens.Config, () => config);
  provide(c, Tokens.Logger, () => logger);
  provide(c, Tokens.Database, () => db);
  provide(c, Tokens.Redis, () => redis);
  provide(c, Tokens.Registry, () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return registry;
  });
  provide(c, Tokens.Clock, () => new SystemClock());
  // Listings (GET /products) may lag stock by up to CATALOG_LISTING_MAX_AGE_MS; this process's own
  // stock writes drop them at once. Checkout plans from live reads.
  provide(c, Tokens.StoragePorts, (c) =>
    cachedCatalogPorts(createPostgresPorts(resolve(c, Tokens.Database)), { clock: resolve(c, Tokens.Clock) }),
  );
  provide(c, Tokens.ReservationTimer, (c): ReservationTimer => {
    const client = resolve(c, Tokens.Redis);
    if (client === null) return new InProcessReservationTimer({ clock: resolve(c, Tokens.Clock) });
    return new RedisReservationTimer(client, {
      clock: resolve(c, Tokens.Clock),
      onError: (error, operation) => logger.warn({ err: error, operation }, "reservation timer call failed"),
    });
  });
  provide(c, Tokens.LoginAttempts, (c): LoginAttempts => {
    const client = resolve(c, Tokens.Redis);
    return client === null
      ? new SlidingWindowLoginAttempts({ clock: resolve(c, Tokens.Clock) })
      : new RedisLoginAttempts(client);
  });
  provide(c, Tokens.PasswordHasher, () => new ScryptPasswordHasher());
  provide(
    c,
    Tokens.TokenIssuer,

    (c) =>
      new JoseTokenIssuer({
        secret: config.jwtSecret ?? loadOrCreateSecret(config.dataDir),
        ttlSeconds: config.jwtTtlSeconds,
        clock: resolve(c, Tokens.Clock),
      }),
  );
  provide(c, Tokens.ReadReplica, (c) =>
    readReplicaCatalog(config, replica, resolve(c, Tokens.StoragePorts).catalog, resolve(c, Tokens.Registry)),
  );
  provide(c, Tokens.OrderService, (c) => {
    const service = createOrderService(
      {
        ...resolve(c, Tokens.StoragePorts),
        timer: resolve(c, Tokens.ReservationTimer),
        clock: resolve(c, Tokens.Clock),
        hasher: resolve(c, Tokens.PasswordHasher),
        tokens: resolve(c, Tokens.TokenIssuer),
        loginAttempts: resolve(c, Tokens.LoginAttempts),
      },
      {
        reservationTtlSeconds: config.reservationTtlSeconds,
        maxPendingUnitsPerProduct: config.maxPendingUnitsPerProduct,
        maxPendingOrders: config.maxPendingOrders,
        checkoutBatchMax: config.checkoutBatchMax,
      },
    );
    // Browsing reads the replica when there is one; checkout, pay and stock keep the primary's catalog.
    const readReplica = resolve(c, Tokens.ReadReplica);
    return readReplica === null
      ? service
      : {
          ...service,
          listProducts: new ListProducts(readReplica.catalog),
          getProduct: new GetProduct(readReplica.catalog),
        };
  });
  provide(
    c,
    Tokens.Readiness,
    // Ready means the database answers; Redis down only degrades (checkout and pay work, the sweep expires).
    (c): Readiness => {
      const database = resolve(c, Tokens.Database);
      const client = resolve(c, Tokens.Redis);
      return {
        required: { database: () => checkDatabase(database) },
        optional: client === null ? {} : { redis: () => checkRedis(client) },
      };
    },
  );
  provide(
    c,
    Tokens.IdempotencyStore,
    // Postgres in both modes: in real mode every HTTP replica must see every key.
    (c) => new SqlIdempotencyStore(resolve(c, Tokens.Database)),
  );
  provide(c, Tokens.ExpiryWorker, (c) =>
    // Real mode runs the worker as its own process (app-worker); embedded mode runs it here.
    embedded
      ? new ExpiryWorker({
          useCases: resolve(c, Tokens.OrderService),
          timer: resolve(c, Tokens.ReservationTimer),
          clock: resolve(c, Tokens.Clock),
          logger: logger.child({ component: "expiry-worker" }),
          registry: resolve(c, Tokens.Registry),
          sweepIntervalMs: config.sweepIntervalSeconds * 1000,
          idempotencyKeys: resolve(c, Tokens.IdempotencyStore),
          sweepLog: new SqlSweepLog(resolve(c, Tokens.Database)),
        })
      : null,
  );
  provide(c, Tokens.Nats, () => nats);
  provide(
    c,
    Tokens.EventFeed,
    (c) =>
      new PostgresEventFeed(resolve(c, Tokens.Database), {
        clock: resolve(c, Tokens.Clock),
        giveUpAfterMs: retryPolicyOf(config.events).giveUpAfterMs,
      }),
  );
  provide(
    c,
    Tokens.ManageWebhooks,
    (c) =>
      new ManageWebhooks(
        new PostgresWebhooks(resolve(c, Tokens.Database), {
          giveUpAfterMs: retryPolicyOf(config.events).giveUpAfterMs,
        }),
        new WebhookUrlGuard({ allowPrivate: config.events.allowPrivateWebhookUrls }),
        newWebhookSecret,
        resolve(c, Tokens.Clock),
      ),
  );
  provide(c, Tokens.EventWorker, (c) =>
    // Like the expiry worker: its own process in real mode, in here in embedded mode.
    embedded
      ? createEventWorker({
          db: resolve(c, Tokens.Database),
          clock: resolve(c, Tokens.Clock),
          config: config.events,
          nats: resolve(c, Tokens.Nats),
          logger: logger.child({ component: "event-worker" }),
        })
      : null,
  );
  provide(c, Tokens.App, (c) =>
    createApp({
      service: resolve(c, Tokens.OrderService),
      tokens: resolve(c, Tokens.TokenIssuer),
      users: resolve(c, Tokens.StoragePorts).users,
      readiness: resolve(c, Tokens.Readiness),
      registry: resolve(c, Tokens.Registry),
      logger,
      idempotency: resolve(c, Tokens.IdempotencyStore),
      clock: resolve(c, Tokens.Clock),
      corsOrigins: config.corsOrigins,
      events: { feed: resolve(c, Tokens.EventFeed), webhooks: resolve(c, Tokens.ManageWebhooks) },
      currency: config.currency,
      // Real mode counts in Redis, so every HTTP process shares one limit per user.
      checkoutRateLimit: {
        limit: config.checkoutRateLimit,
        store: checkoutRateLimitStore(resolve(c, Tokens.Redis)),
        onStoreError: (error) => logger.warn({ err: error }, "checkout rate limit store failed; request let through"),
      },
      tracing,
    }),
  );
  return c;
}

/** Builds the container and resolves what main.ts needs from it; `tracing`: see AppDeps.tracing. */
export async function createRuntime(config: HttpConfig, tracing?: MiddlewareHandler<AppEnv>): Promise<Runtime> {
  const c = await buildContainer(config, tracing);
  const worker = resolve(c, Tokens.ExpiryWorker);
  const events = resolve(c, Tokens.EventWorker);
  const nats = resolve(c, Tokens.Nats);
  const db = resolve(c, Tokens.Database);
  const redis = resolve(c, Tokens.Redis);
  const readReplica = resolve(c, Tokens.ReadReplica);
  return {
    app: resolve(c, Tokens.App),
    logger: resolve(c, Tokens.Logger),
    config,
    worker,
    events,
    close: async () => {
      await worker?.stop();
      await events?.stop();
      await nats?.close();
      if (redis !== null) await redis.close().catch(() => undefined);
      readReplica?.monitor.stop();
      await readReplica?.replica.close();
      await db.close();
    },
  };
}
