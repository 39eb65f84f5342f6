import type { TransactionPorts, UnitOfWork } from "@orders/domain";
import { PostgresOrders } from "./PostgresOrders.js";
import { PostgresProducts } from "./PostgresProducts.js";
import { PostgresStockLedger } from "./PostgresStockLedger.js";
import { PostgresWarehouses } from "./PostgresWarehouses.js";
import type { SqlRunner } from "./SqlRunner.js";
import { isTransientConflict } from "./toStorageError.js";

/** A unit of work that lost a deadlock or serialization race runs again, this many times in all. */
const ATTEMPTS = 3;

/** The transactional ports over one runner: the pool, or one open transaction. */
export function postgresTransactionPorts(db: SqlRunner): TransactionPorts {
  return {
    orders: new PostgresOrders(db),
    stock: new PostgresStockLedger(db),
    warehouses: new PostgresWarehouses(db),
    products: new PostgresProducts(db),
  };
}

/**
 * One database transaction per unit of work; the use case gets ports bound to it. Rows are locked
 * in one global order, so deadlocks should not happen; if one does (or a serialization failure),
 * the rolled-back work runs again a few times before the caller sees storage_unavailable.
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
        if (attempt >= ATTEMPTS || !isTransientConflict(error)) throw error;
        // Jitter, so the two sides of a deadlock do not collide again in step.
        await this.pause(5 * attempt + Math.random() * 10);
      }
    }
  }
}
