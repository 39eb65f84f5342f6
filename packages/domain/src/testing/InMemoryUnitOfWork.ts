import type { Clock } from "../ports/Clock.js";
import type { TransactionPorts, UnitOfWork } from "../ports/UnitOfWork.js";
import type { InMemoryDatabase } from "./InMemoryDatabase.js";
import { InMemoryOrders } from "./InMemoryOrders.js";
import { InMemoryProducts } from "./InMemoryProducts.js";
import { InMemoryReservations } from "./InMemoryReservations.js";
import { InMemoryScope } from "./InMemoryScope.js";
import { InMemoryStockLedger } from "./InMemoryStockLedger.js";
import { InMemoryWarehouses } from "./InMemoryWarehouses.js";

/** Ports over one scope of the fake database: standalone, or inside a unit of work. */
export function inMemoryTransactionPorts(scope: InMemoryScope, clock: Clock): TransactionPorts {
  return {
    orders: new InMemoryOrders(scope),
    reservations: new InMemoryReservations(scope, clock),
    stock: new InMemoryStockLedger(scope, clock),
    warehouses: new InMemoryWarehouses(scope),
    products: new InMemoryProducts(scope),
  };
}

/** Units of work run one at a time and leave no trace when they throw. */
export class InMemoryUnitOfWork implements UnitOfWork {
  private readonly tx: TransactionPorts;

  constructor(
    private readonly db: InMemoryDatabase,
    clock: Clock,
  ) {
    this.tx = inMemoryTransactionPorts(new InMemoryScope(db, true), clock);
  }

  run<T>(work: (tx: TransactionPorts) => Promise<T>): Promise<T> {
    return this.db.transaction(() => work(this.tx));
  }
}
