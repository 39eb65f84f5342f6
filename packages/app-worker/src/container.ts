// The only file that knows tsyringe. reflect-metadata first: tsyringe expects it loaded.
import "reflect-metadata";
import {
  connectPostgres,
  createPostgresPorts,
  type RedisClient,
  RedisReservationTimer,
  SqlIdempotencyStore,
  type SqlRunner,
  SqlSweepLog,
  SystemClock,
} from "@orders/adapters";
import { type Clock, ExpireOverdueReservations, ExpireReservation, type ReservationTimer } from "@orders/domain";
import type { Logger } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { type DependencyContainer, container as globalContainer, instanceCachingFactory } from "tsyringe";
import type { WorkerConfig } from "./config.js";
import { createLogger } from "./createLogger.js";
import { type ExpiryUseCases, ExpiryWorker } from "./ExpiryWorker.js";

export const TOKENS = {
  config: Symbol("WorkerConfig"),
  logger: Symbol("Logger"),
  registry: Symbol("Registry"),
  db: Symbol("SqlRunner"),
  redis: Symbol("RedisClient"),
  clock: Symbol("Clock"),
  timer: Symbol("ReservationTimer"),
  useCases: Symbol("ExpiryUseCases"),
  worker: Symbol("ExpiryWorker"),
} as const;

/**
 * Wires the worker process: Postgres pool, Redis timer, the two expiry use cases, ExpiryWorker.
 * Every registration is a cached factory, so nothing needs decorators. The Redis client is
 * connected by the caller (it is async) and handed in.
 */
export function createWorkerContainer(config: WorkerConfig, redis: RedisClient): DependencyContainer {
  const c = globalContainer.createChildContainer();
  const single = <T>(token: symbol, make: (c: DependencyContainer) => T) =>
    c.register<T>(token, { useFactory: instanceCachingFactory<T>(make) });

  c.register(TOKENS.config, { useValue: config });
  c.register(TOKENS.redis, { useValue: redis });
  single<Logger>(TOKENS.logger, () => createLogger(config, "orders-worker"));
  single<Registry>(TOKENS.registry, () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return registry;
  });
  single<SqlRunner>(TOKENS.db, () =>
    connectPostgres({ connectionString: config.databaseUrl, max: 10, connectionTimeoutMillis: 5_000 }),
  );
  single<Clock>(TOKENS.clock, () => new SystemClock());
  single<ReservationTimer>(TOKENS.timer, (r) => {
    const logger = r.resolve<Logger>(TOKENS.logger);
    return new RedisReservationTimer(redis, {
      // claimDue failures are counted and logged by the worker's loop; the rest are rarer.
      onError: (err, operation) => {
        if (operation !== "claimDue") logger.warn({ err, operation }, "reservation timer call failed");
      },
    });
  });
  single<ExpiryUseCases>(TOKENS.useCases, (r) => {
    const { unitOfWork } = createPostgresPorts(r.resolve<SqlRunner>(TOKENS.db));
    const timer = r.resolve<ReservationTimer>(TOKENS.timer);
    const clock = r.resolve<Clock>(TOKENS.clock);
    return {
      expireReservation: new ExpireReservation(unitOfWork, timer, clock),
      expireOverdueReservations: new ExpireOverdueReservations(unitOfWork, timer, clock),
    };
  });
  single<ExpiryWorker>(
    TOKENS.worker,
    (r) =>
      new ExpiryWorker({
        useCases: r.resolve<ExpiryUseCases>(TOKENS.useCases),
        timer: r.resolve<ReservationTimer>(TOKENS.timer),
        clock: r.resolve<Clock>(TOKENS.clock),
        logger: r.resolve<Logger>(TOKENS.logger),
        registry: r.resolve<Registry>(TOKENS.registry),
        pollIntervalMs: config.pollIntervalMs,
        batchSize: config.batchSize,
        sweepIntervalMs: config.sweepIntervalSeconds * 1000,
        idempotencyKeys: new SqlIdempotencyStore(r.resolve<SqlRunner>(TOKENS.db)),
        sweepLog: new SqlSweepLog(r.resolve<SqlRunner>(TOKENS.db)),
      }),
  );
  return c;
}
