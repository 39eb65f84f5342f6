// The IdempotencyStore contract against the Map, the SQL store on PGlite, and on real Postgres.
import { afterAll, beforeAll, describe } from "vitest";
import { InMemoryIdempotencyStore, SqlIdempotencyStore } from "../../src/idempotency/index.js";
import { connectPostgres, migrate, openEmbeddedDatabase, type SqlRunner } from "../../src/postgres/index.js";
import { createTestSchema, type TestSchema } from "../support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "../support/servers.js";
import { idempotencyStoreContract } from "./idempotencyStoreContract.js";

const emptied = async (db: SqlRunner) => {
  await db.query("TRUNCATE idempotency_keys", []);
  return new SqlIdempotencyStore(db);
};

describe("InMemoryIdempotencyStore", () => {
  idempotencyStoreContract(async () => new InMemoryIdempotencyStore());
});

describe("SqlIdempotencyStore on PGlite", () => {
  let db: SqlRunner;
  beforeAll(async () => {
    db = await openEmbeddedDatabase();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  idempotencyStoreContract(() => emptied(db));
});

describeWithServer("postgres")("SqlIdempotencyStore on real Postgres", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "idempotency");
    // Enough connections that the concurrent claims really race on the server.
    db = connectPostgres({ connectionString: schema.url, max: 10 });
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });
  idempotencyStoreContract(() => emptied(db));
});
