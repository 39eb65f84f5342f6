// The only file that knows tsyringe. reflect-metadata first: tsyringe expects it loaded.
import "reflect-metadata";
import {
  connectPostgres,
  createPostgresPorts,
  type JetStreamSink,
  type RedisClient,
  RedisReservationTimer,
  SqlIdempotencyStore,
  SqlSweepLog,
  SystemClock,
} from "@orders/adapters";
import { ExpireOverdueReservations, ExpireReservation } from "@orders/domain";
import { createLogger, provide, resolve } from "@orders/process";
import { collectDefaultMetrics, Registry } from "prom-client";
import { type DependencyContainer, container as globalContainer } from "tsyringe";
import type { WorkerConfig } from "./config.js";
import { createEventWorker } from "./createEventWorker.js";
import { ExpiryWorker } from "./ExpiryWorker.js";
import { Tokens } from "./tokens.js";

/**
 * Wires the worker process: Postgres pool, Redis timer, the two expiry use cases, ExpiryWorker.
 * Every registration is a cached factory, so nothing needs decorators. The Redis client is
 * connected by the caller (it is async) and handed in, and so is the JetStream sink (null without NATS_URL).
 */
export function createWorkerContainer(
  config: WorkerConfig,
  redis: RedisClient,
  nats: JetStreamSink | null = null,
): DependencyContainer {
  const c = globalContainer.createChildContainer();

  provide(c, Tokens.Config, () => config);
  provide(c, Tokens.Logger, () => createLogger(config, "orders-worker"));
  provide(c, Tokens.Registry, () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return registry;
  });
  provide(c, Tokens.Database, () =>
    connectPostgres({ connectionString: config.databaseUrl, max: 10, connectionTimeoutMillis: 5_000 }),
  );
  provide(c, Tokens.Clock, () => new SystemClock());
  provide(c, Tokens.ReservationTimer, (r) => {
    const logger = resolve(r, Tokens.Logger);
    return new RedisReservationTimer(redis, {
      clock: resolve(r, Tokens.Clock),
      // claimDue failures are counted and logged by the worker's loop; the rest are rarer.
      onError: (err, operation) => {
        if (operation !== "claimDue") logger.warn({ err, operation }, "reservation timer call failed");
      },
    });
  });
  provide(c, Tokens.ExpiryUseCases, (r) => {
    const { unitOfWork } = createPostgresPorts(resolve(r, Tokens.Database));
    const timer = resolve(r, Tokens.ReservationTimer);
    const clock = resolve(r, Tokens.Clock);
    return {
      expireReservation: new ExpireReservation(unitOfWork, timer, clock),
      expireOverdueReservations: new ExpireOverdueReservations(unitOfWork, timer, clock),
    };
  });
  provide(
    c,
    Tokens.ExpiryWorker,
    (r) =>
      new ExpiryWorker({
        useCases: resolve(r, Tokens.ExpiryUseCases),
        timer: resolve(r, Tokens.ReservationTimer),
        clock: resolve(r, Tokens.Clock),
        logger: resolve(r, Tokens.Logger),
        registry: resolve(r, Tokens.Registry),
        pollIntervalMs: config.pollIntervalMs,
        batchSize: config.batchSize,
        sweepIntervalMs: config.sweepIntervalSeconds * 1000,
        idempotencyKeys: new SqlIdempotencyStore(resolve(r, Tokens.Database)),
        sweepLog: new SqlSweepLog(resolve(r, Tokens.Database)),
      }),
  );
  provide(c, Tokens.Nats, () => nats);
  provide(c, Tokens.EventWorker, (r) =>
    createEventWorker({
      db: resolve(r, Tokens.Database),
      clock: resolve(r, Tokens.Clock),
      config: config.events,
      nats: resolve(r, Tokens.Nats),
      logger: resolve(r, Tokens.Logger).child({ component: "event-worker" }),
    }),
  );
  return c;
}
