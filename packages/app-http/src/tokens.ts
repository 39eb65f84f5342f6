import type {
  IdempotencyStore,
  JetStreamSink,
  PostgresEventFeed,
  PostgresPorts,
  RedisClient,
  ReplicaCatalog,
  ReplicaLagMonitor,
  SqlRunner,
} from "@orders/adapters";
import type { EventWorker, ExpiryWorker } from "@orders/app-worker";
import type {
  Clock,
  LoginAttempts,
  ManageWebhooks,
  OrderService,
  PasswordHasher,
  ReservationTimer,
  TokenIssuer,
} from "@orders/domain";
import { token } from "@orders/process";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { HttpConfig } from "./config.js";
import type { App } from "./createApp.js";
import type { Readiness } from "./routes/opsRoutes.js";

// Injection tokens of the HTTP composition root, each typed by what it resolves to; only
// container.ts registers them.
export const Tokens = {
  Config: token<HttpConfig>("Config"),
  Logger: token<Logger>("Logger"),
  Registry: token<Registry>("Registry"),
  Database: token<SqlRunner>("Database"),
  /** Null in embedded mode. */
  Redis: token<RedisClient | null>("Redis"),
  Clock: token<Clock>("Clock"),
  StoragePorts: token<PostgresPorts>("StoragePorts"),
  ReservationTimer: token<ReservationTimer>("ReservationTimer"),
  LoginAttempts: token<LoginAttempts>("LoginAttempts"),
  PasswordHasher: token<PasswordHasher>("PasswordHasher"),
  TokenIssuer: token<TokenIssuer>("TokenIssuer"),
  /** Null without DATABASE_READ_URL: the replica browsing reads from, its lag monitor and its pool. */
  ReadReplica: token<{
    readonly monitor: ReplicaLagMonitor;
    readonly replica: SqlRunner;
    readonly catalog: ReplicaCatalog;
  } | null>("ReadReplica"),
  OrderService: token<OrderService>("OrderService"),
  Readiness: token<Readiness>("Readiness"),
  IdempotencyStore: token<IdempotencyStore>("IdempotencyStore"),
  /** Null in real mode: the worker runs as its own process there. */
  ExpiryWorker: token<ExpiryWorker | null>("ExpiryWorker"),
  /** Null without NATS_URL. */
  Nats: token<JetStreamSink | null>("Nats"),
  EventFeed: token<PostgresEventFeed>("EventFeed"),
  ManageWebhooks: token<ManageWebhooks>("ManageWebhooks"),
  /** Null in real mode: the worker process delivers there. */
  EventWorker: token<EventWorker | null>("EventWorker"),
  App: token<App>("App"),
} as const;
