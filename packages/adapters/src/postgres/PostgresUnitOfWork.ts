import type { TransactionPorts, UnitOfWork } from "@orders/domain";
import { PostgresOrders } from "./PostgresOrders.js";
import { PostgresProducts } from "./PostgresProducts.js";
import { PostgresStockLedger } from "./PostgresStockLedger.js";
import { PostgresWarehouses } from "./PostgresWarehouses.js";
import type { SqlRunner } from "./SqlRunner.js";

/** The transactional ports over one runner: the pool, or one open transaction. */
export function postgresTransactionPorts(db: SqlRunner): TransactionPorts {
  return {
    orders: new PostgresOrders(db),
    stock: new PostgresStockLedger(db),
    warehouses: new PostgresWarehouses(db),
    products: new PostgresProducts(db),
  };
}

/** One database transaction per unit of work; the use case gets ports bound to it. */
export class PostgresUnitOfWork implements UnitOfWork {
  constructor(private readonly db: SqlRunner) {}

  run<T>(work: (tx: TransactionPorts) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(postgresTransactionPorts(tx)));
  }
}
