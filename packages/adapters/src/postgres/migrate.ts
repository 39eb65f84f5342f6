import { type Migration, readMigrations } from "./readMigrations.js";
import type { SqlRunner } from "./SqlRunner.js";

export interface MigrateOptions {
  /** Also apply the seed data (demo users, warehouses, products, stock). Default false. */
  readonly seed?: boolean;
}

/**
 * Serializes migrators of one schema (several replicas starting at once) and answers the
 * versions already applied there.
 */
export async function lockMigrations(tx: SqlRunner): Promise<Set<number>> {
  await tx.query("SELECT pg_advisory_xact_lock(727001, hashtext(current_schema()))", []);
  await tx.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version integer PRIMARY KEY,
       name text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
    [],
  );
  const rows = await tx.query<{ version: number }>("SELECT version FROM schema_migrations", []);
  return new Set(rows.map((r) => Number(r.version)));
}

/** Applies every migration not applied yet, all in one transaction. Running it again is a no-op. */
export async function migrate(db: SqlRunner, options: MigrateOptions = {}): Promise<void> {
  const wanted = readMigrations().filter((m: Migration) => options.seed === true || !m.seed);
  await db.transaction(async (tx) => {
    const applied = await lockMigrations(tx);
    for (const migration of wanted) {
      if (applied.has(migration.version)) continue;
      await tx.query(migration.up);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
    }
  });
}
