import type { OrderServicePorts } from "@orders/domain";
import { PostgresUnitOfWork, postgresTransactionPorts } from "./PostgresUnitOfWork.js";
import { PostgresUsers } from "./PostgresUsers.js";
import type { SqlRunner } from "./SqlRunner.js";

/** The persistence ports: everything createOrderService needs that a database provides. */
export type PostgresPorts = Pick<
  OrderServicePorts,
  "users" | "products" | "warehouses" | "stock" | "orders" | "unitOfWork"
>;

/** Every persistence port of the order service over one database (pg Pool or PGlite). */
export function createPostgresPorts(db: SqlRunner): PostgresPorts {
  return {
    ...postgresTransactionPorts(db),
    users: new PostgresUsers(db),
    unitOfWork: new PostgresUnitOfWork(db),
  };
}
