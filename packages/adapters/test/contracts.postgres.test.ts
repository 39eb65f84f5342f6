// The contract suites against the Postgres adapters on the real server, in a schema of their own.

import { afterAll, beforeAll } from "vitest";
import { connectPostgres, migrate, type SqlRunner } from "../src/postgres/index.js";
import { allContracts } from "./contracts/allContracts.js";
import { sqlTarget } from "./contracts/sqlTarget.js";
import { createTestSchema, type TestSchema } from "./support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "./support/servers.js";

describeWithServer("postgres")("contracts on real Postgres", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "contracts");
    db = connectPostgres({ connectionString: schema.url, max: 5 });
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });
  const target = () => sqlTarget(db);

  allContracts(target);
});
