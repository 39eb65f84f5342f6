import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, migrationsDir, type SqlRunner } from "../../src/postgres/index.js";
import { createTestSchema, type TestSchema } from "../support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "../support/servers.js";
import { migrationSuite } from "./migrationSuite.js";

// The PGlite run of migrationSuite lives in contracts.pglite.test.ts, sharing its instance.

describeWithServer("postgres")("migrations on real Postgres", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "migrations");
    db = connectPostgres({ connectionString: schema.url, max: 2 });
  });
  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });
  migrationSuite(() => db);
});

describe("migrationsDir", () => {
  it("finds the repository's migrations/ from the source tree, and honours MIGRATIONS_DIR", () => {
    const previous = process.env.MIGRATIONS_DIR;
    try {
      delete process.env.MIGRATIONS_DIR;
      expect(migrationsDir()).toMatch(/\/migrations$/);
      process.env.MIGRATIONS_DIR = "/elsewhere/migrations";
      expect(migrationsDir()).toBe("/elsewhere/migrations");
    } finally {
      if (previous === undefined) delete process.env.MIGRATIONS_DIR;
      else process.env.MIGRATIONS_DIR = previous;
    }
  });
});
