import type { Orders } from "./Orders.js";
import type { Products } from "./Products.js";
import type { Reservations } from "./Reservations.js";
import type { StockLedger } from "./StockLedger.js";
import type { Warehouses } from "./Warehouses.js";

/** The ports whose writes commit together inside one unit of work. */
export interface TransactionPorts {
  readonly orders: Orders;
  readonly reservations: Reservations;
  readonly stock: StockLedger;
  readonly warehouses: Warehouses;
  readonly products: Products;
}

export interface UnitOfWork {
  /** Runs `work` in one transaction: all its writes commit, or none when it throws. */
  run<T>(work: (tx: TransactionPorts) => Promise<T>): Promise<T>;
}
