import {
  createPostgresPorts,
  InProcessReservationTimer,
  JoseTokenIssuer,
  type Lookup,
  newWebhookSecret,
  PostgresEventFeed,
  PostgresWebhooks,
  ScryptPasswordHasher,
  SqlIdempotencyStore,
  type SqlRunner,
  SystemClock,
  WebhookUrlGuard,
} from "@orders/adapters";
import { createOrderService, ManageWebhooks, SlidingWindowLoginAttempts } from "@orders/domain";
import { pino } from "pino";
import { Registry } from "prom-client";
import { type App, type AppDeps, createApp } from "../src/createApp.js";

/** The JWT secret of the app below, for tests that sign their own tokens. */
export const APP_ON_DATABASE_SECRET = "app-on-database-test-secret-32-bytes+";

/**
 * The HTTP app over the real adapters on `db` (migrated by the caller), with in-process timer and
 * lockout: the composition `make run` serves, without the process around it.
 */
export function appOnDatabase(
  db: SqlRunner,
  extra: Partial<Pick<AppDeps, "readiness" | "idempotency">> & {
    /** Webhook URLs on private addresses: refused unless true (default true: tests receive on 127.0.0.1). */
    readonly allowPrivateWebhookUrls?: boolean;
    /** The DNS lookup the webhook URL guard uses. */
    readonly lookup?: Lookup;
  } = {},
): App {
  const clock = new SystemClock();
  const tokens = new JoseTokenIssuer({ secret: APP_ON_DATABASE_SECRET, ttlSeconds: 600, clock });
  const ports = createPostgresPorts(db);
  const service = createOrderService(
    {
      ...ports,
      timer: new InProcessReservationTimer({ clock }),
      clock,
      hasher: new ScryptPasswordHasher(),
      tokens,
      loginAttempts: new SlidingWindowLoginAttempts({ clock }),
    },
    { reservationTtlSeconds: 300 },
  );
  return createApp({
    service,
    tokens,
    users: ports.users,
    readiness: {},
    registry: new Registry(),
    logger: pino({ level: "silent" }),
    idempotency: new SqlIdempotencyStore(db),
    events: {
      feed: new PostgresEventFeed(db, { clock }),
      webhooks: new ManageWebhooks(
        new PostgresWebhooks(db),
        new WebhookUrlGuard({ allowPrivate: extra.allowPrivateWebhookUrls ?? true, lookup: extra.lookup }),
        newWebhookSecret,
        clock,
      ),
    },
    ...(extra.readiness === undefined ? {} : { readiness: extra.readiness }),
    ...(extra.idempotency === undefined ? {} : { idempotency: extra.idempotency }),
  });
}
