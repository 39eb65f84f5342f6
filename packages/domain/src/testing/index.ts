// In-memory fakes of every port, for tests and for trying the domain without a database.
export { createInMemoryPorts, type InMemoryPorts } from "./createInMemoryPorts.js";
export { FakePasswordHasher } from "./FakePasswordHasher.js";
export { FakeTokenIssuer } from "./FakeTokenIssuer.js";
export { FixedClock } from "./FixedClock.js";
export { InMemoryCatalog } from "./InMemoryCatalog.js";
export { InMemoryDatabase, type StockRow, type Tables } from "./InMemoryDatabase.js";
export { InMemoryOrders } from "./InMemoryOrders.js";
export { InMemoryProductExport } from "./InMemoryProductExport.js";
export { InMemoryProductImport } from "./InMemoryProductImport.js";
export { InMemoryProducts } from "./InMemoryProducts.js";
export { InMemoryReservations } from "./InMemoryReservations.js";
export { InMemoryReservationTimer } from "./InMemoryReservationTimer.js";
export { InMemoryScope } from "./InMemoryScope.js";
export { InMemoryStockLedger } from "./InMemoryStockLedger.js";
export { InMemoryUnitOfWork, inMemoryTransactionPorts } from "./InMemoryUnitOfWork.js";
export { InMemoryUsers } from "./InMemoryUsers.js";
export { InMemoryWarehouses } from "./InMemoryWarehouses.js";
