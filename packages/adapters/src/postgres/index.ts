export { checkDatabase } from "./checkDatabase.js";
export { connectPostgres, type PostgresOptions } from "./connectPostgres.js";
export { createPostgresPorts, type PostgresPorts } from "./createPostgresPorts.js";
export { DataDirInUseError, type DataDirLock, lockDataDir } from "./lockDataDir.js";
export { type MigrateOptions, migrate } from "./migrate.js";
export { openEmbeddedDatabase } from "./openEmbeddedDatabase.js";
export { PostgresCatalog } from "./PostgresCatalog.js";
export { PostgresOrders } from "./PostgresOrders.js";
export { PostgresProductExport } from "./PostgresProductExport.js";
export { IMPORT_CHUNK_ROWS, IMPORT_LOCK_KEY, PostgresProductImport } from "./PostgresProductImport.js";
export { PostgresProducts } from "./PostgresProducts.js";
export { PostgresReservations } from "./PostgresReservations.js";
export { PostgresStockLedger } from "./PostgresStockLedger.js";
export { PostgresUnitOfWork } from "./PostgresUnitOfWork.js";
export { PostgresUsers } from "./PostgresUsers.js";
export { PostgresWarehouses } from "./PostgresWarehouses.js";
export {
  DEFAULT_READ_REPLICA_MAX_LAG_MS,
  ReplicaCatalog,
  ReplicaLagMonitor,
  type ReplicaLagOptions,
} from "./ReplicaCatalog.js";
export { migrationsDir, readMigrations } from "./readMigrations.js";
export { rollback } from "./rollback.js";
export type { SqlRunner } from "./SqlRunner.js";
export { seed } from "./seed.js";
export { isConnectionError, toStorageError } from "./toStorageError.js";
