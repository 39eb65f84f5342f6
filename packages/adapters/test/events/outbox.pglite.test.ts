// The outbox triggers on PGlite, the embedded engine.
import { afterAll, beforeAll, describe } from "vitest";
import { migrate, openEmbeddedDatabase, type SqlRunner } from "../../src/postgres/index.js";
import { outboxSuite } from "./outboxSuite.js";

describe("outbox on PGlite", () => {
  let db: SqlRunner;
  beforeAll(async () => {
    db = await openEmbeddedDatabase();
    await migrate(db, { seed: true });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  outboxSuite(() => db);
});
