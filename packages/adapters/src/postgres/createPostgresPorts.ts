import type { OrderServicePorts, TransactionPorts } from "@orders/domain";
import { PostgresCatalog } from "./PostgresCatalog.js";
import { PostgresProductExport } from "./PostgresProductExport.js";
import { PostgresProductImport } from "./PostgresProductImport.js";
import { PostgresUnitOfWork, postgresTransactionPorts } from "./PostgresUnitOfWork.js";
import { PostgresUsers } from "./PostgresUsers.js";
import type { SqlRunner } from "./SqlRunner.js";

/** The persistence ports: everything createOrderService needs that a database provides. */
export type PostgresPorts = Pick<
  OrderServicePorts,
  | "users"
  | "catalog"
  | "warehouses"
  | "reservations"
  | "stock"
  | "orders"
  | "unitOfWork"
  | "productImport"
  | "productExport"
> &
  TransactionPorts;

/** Every persistence port of the order service over one database (pg Pool or PGlite). */
export function createPostgresPorts(db: SqlRunner): PostgresPorts {
  return {
    ...postgresTransactionPorts(db),
    catalog: new PostgresCatalog(db),
    users: new PostgresUsers(db),
    unitOfWork: new PostgresUnitOfWork(db),
    productImport: new PostgresProductImport(db),
    productExport: new PostgresProductExport(db),
  };
}
