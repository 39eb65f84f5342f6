import { RETRY_POLICY, type TransactionPorts, type UnitOfWork } from "@orders/domain";
import { PostgresOrders } from "./PostgresOrders.js";
import { PostgresProducts } from "./PostgresProducts.js";
import { PostgresReservations } from "./PostgresReservations.js";
import { PostgresStockLedger } from "./PostgresStockLedger.js";
import { PostgresWarehouses } from "./PostgresWarehouses.js";
import type { SqlRunner } from "./SqlRunner.js";
import { isTransientConflict } from "./toStorageError.js";

/** The transactional ports over one runner: the pool, or one open transaction. */
export function postgresTransactionPorts(db: SqlRunner): TransactionPorts {
  return {
    orders: new PostgresOrders(db),
    reservations: new PostgresReservations(db),
    stock: new PostgresStockLedger(db),
    warehouses: new PostgresWarehouses(db),
    products: new PostgresProducts(db),
  };
}

/**
 * One database transaction per unit of work; the use case gets ports bound to it. Rows are locked
 * in one global order, so deadlocks should not happen; if one does (or a serialization failure),
 * the rolled-back work runs again as RETRY_POLICY says before the caller sees storage_unavailable
 * (which carries Retry-After). Only this layer can run a rolled-back transaction again, and no
 * use case retries a unit of work, so attempts do not multiply.
 */
export class PostgresUnitOfWork implements UnitOfWork {
  constructor(
    private readonly db: SqlRunner,
    private readonly pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async run<T>(work: (tx: TransactionPorts) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => work(postgresTransactionPorts(tx)));
      } catch (error) {
        if (attempt >= RETRY_POLICY.attempts || !isTransientConflict(error)) throw error;
        await this.pause(RETRY_POLICY.pauseMs(attempt, Math.random()));
      }
    }
  }
}
