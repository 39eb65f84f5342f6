// Everything that runs on PGlite shares one instance (each costs seconds and ~800 MB): the contract
// suites in the public schema, then the migration suite in a schema of its own.

import { afterAll, beforeAll, describe } from "vitest";
import { migrate, openEmbeddedDatabase, type SqlRunner } from "../src/postgres/index.js";
import { allContracts } from "./contracts/allContracts.js";
import { sqlTarget } from "./contracts/sqlTarget.js";
import { migrationSuite } from "./postgres/migrationSuite.js";

let db: SqlRunner;
beforeAll(async () => {
  db = await openEmbeddedDatabase();
});
afterAll(async () => {
  await db.close();
});

describe("contracts on PGlite", () => {
  beforeAll(async () => {
    await migrate(db);
  });
  const target = () => sqlTarget(db);

  allContracts(target);
});

describe("migrations on PGlite", () => {
  beforeAll(async () => {
    await db.query("CREATE SCHEMA migrations_test; SET search_path TO migrations_test");
  });
  afterAll(async () => {
    await db.query("SET search_path TO public; DROP SCHEMA migrations_test CASCADE");
  });
  migrationSuite(() => db);
});
