import type { OrderServicePorts } from "../createOrderService.js";
import { SlidingWindowLoginAttempts } from "../identity/SlidingWindowLoginAttempts.js";
import type { TransactionPorts } from "../ports/UnitOfWork.js";
import { FakePasswordHasher } from "./FakePasswordHasher.js";
import { FakeTokenIssuer } from "./FakeTokenIssuer.js";
import { FixedClock } from "./FixedClock.js";
import { InMemoryCatalog } from "./InMemoryCatalog.js";
import { InMemoryDatabase } from "./InMemoryDatabase.js";
import { InMemoryProductExport } from "./InMemoryProductExport.js";
import { InMemoryProductImport } from "./InMemoryProductImport.js";
import { InMemoryReservationTimer } from "./InMemoryReservationTimer.js";
import { InMemoryScope } from "./InMemoryScope.js";
import { InMemoryUnitOfWork, inMemoryTransactionPorts } from "./InMemoryUnitOfWork.js";
import { InMemoryUsers } from "./InMemoryUsers.js";

export interface InMemoryPorts extends OrderServicePorts, TransactionPorts {
  readonly db: InMemoryDatabase;
  readonly clock: FixedClock;
  readonly timer: InMemoryReservationTimer;
  readonly hasher: FakePasswordHasher;
  readonly tokens: FakeTokenIssuer;
  readonly loginAttempts: SlidingWindowLoginAttempts;
}

/** Every port of the order service over one in-memory database and one fixed clock. */
export function createInMemoryPorts(clock = new FixedClock()): InMemoryPorts {
  const db = new InMemoryDatabase();
  const scope = new InMemoryScope(db, false);
  return {
    db,
    clock,
    ...inMemoryTransactionPorts(scope, clock),
    catalog: new InMemoryCatalog(scope),
    users: new InMemoryUsers(db),
    unitOfWork: new InMemoryUnitOfWork(db, clock),
    timer: new InMemoryReservationTimer(clock),
    hasher: new FakePasswordHasher(),
    tokens: new FakeTokenIssuer(clock),
    loginAttempts: new SlidingWindowLoginAttempts({ clock }),
    productImport: new InMemoryProductImport(db, clock),
    productExport: new InMemoryProductExport(db),
  };
}
