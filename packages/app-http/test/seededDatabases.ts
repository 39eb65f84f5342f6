// Runs one suite against the API on both engines with the seed data: PGlite (embedded mode) and real PostgreSQL.
import { connectPostgres, migrate, openEmbeddedDatabase, type SqlRunner } from "@orders/adapters";
import { afterAll, beforeAll, describe } from "vitest";
import { createTestSchema, type TestSchema } from "../../adapters/test/support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "../../adapters/test/support/servers.js";

/**
 * `suite` twice: on a fresh PGlite and on a fresh schema of the real server (`schemaPrefix`, a pool
 * of `poolMax`), both migrated with the seed data. The suite reads its database through `db()`.
 */
export function onSeededDatabases(
  name: string,
  options: { readonly schemaPrefix: string; readonly poolMax: number },
  suite: (db: () => SqlRunner) => void,
): void {
  describe(`${name} on PGlite with the seed data`, () => {
    let db: SqlRunner;
    beforeAll(async () => {
      db = await openEmbeddedDatabase();
      await migrate(db, { seed: true });
    }, 60_000);
    afterAll(async () => {
      await db?.close();
    });
    suite(() => db);
  });

  describeWithServer("postgres")(`${name} on real Postgres with the seed data`, () => {
    let schema: TestSchema;
    let db: SqlRunner;
    beforeAll(async () => {
      schema = await createTestSchema(postgresUrl() ?? "", options.schemaPrefix);
      db = connectPostgres({ connectionString: schema.url, max: options.poolMax });
      await migrate(db, { seed: true });
    }, 60_000);
    afterAll(async () => {
      await db?.close();
      await schema?.drop();
    });
    suite(() => db);
  });
}
