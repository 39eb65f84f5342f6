import { lockMigrations } from "./migrate.js";
import { readMigrations } from "./readMigrations.js";
import type { SqlRunner } from "./SqlRunner.js";

/**
 * Undoes every applied migration, newest first, and drops the version table: the schema is left
 * as it was before the first migrate. Running it again is a no-op.
 */
export async function rollback(db: SqlRunner): Promise<void> {
  const migrations = readMigrations().reverse();
  await db.transaction(async (tx) => {
    const applied = await lockMigrations(tx);
    for (const migration of migrations) {
      if (applied.has(migration.version)) await tx.query(migration.down);
    }
    await tx.query("DROP TABLE schema_migrations", []);
  });
}
