import type { Orders, Products, StockLedger, UnitOfWork, Users, Warehouses } from "@orders/domain";
import { PostgresUnitOfWork, postgresTransactionPorts } from "./PostgresUnitOfWork.js";
import { PostgresUsers } from "./PostgresUsers.js";
import type { SqlRunner } from "./SqlRunner.js";

export interface PostgresPorts {
  readonly users: Users;
  readonly products: Products;
  readonly warehouses: Warehouses;
  readonly stock: StockLedger;
  readonly orders: Orders;
  readonly unitOfWork: UnitOfWork;
}

/** Every persistence port of the order service over one database (pg Pool or PGlite). */
export function createPostgresPorts(db: SqlRunner): PostgresPorts {
  return {
    ...postgresTransactionPorts(db),
    users: new PostgresUsers(db),
    unitOfWork: new PostgresUnitOfWork(db),
  };
}
