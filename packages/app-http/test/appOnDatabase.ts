import {
  createPostgresPorts,
  InProcessReservationTimer,
  JoseTokenIssuer,
  ScryptPasswordHasher,
  type SqlRunner,
  SystemClock,
} from "@orders/adapters";
import { createOrderService, SlidingWindowLoginAttempts } from "@orders/domain";
import { pino } from "pino";
import { Registry } from "prom-client";
import { type App, type AppDeps, createApp } from "../src/createApp.js";

/**
 * The HTTP app over the real adapters on `db` (migrated by the caller), with in-process timer and
 * lockout: the composition `make run` serves, without the process around it.
 */
export function appOnDatabase(db: SqlRunner, extra: Partial<Pick<AppDeps, "readiness" | "idempotency">> = {}): App {
  const clock = new SystemClock();
  const tokens = new JoseTokenIssuer({ secret: "app-on-database-test-secret-32-bytes+", ttlSeconds: 600, clock });
  const service = createOrderService(
    {
      ...createPostgresPorts(db),
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
    readiness: {},
    registry: new Registry(),
    logger: pino({ level: "silent" }),
    ...extra,
  });
}
