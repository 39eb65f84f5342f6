import { expiryWorkerSuite } from "./expiryWorkerSuite.js";
import { makeInMemoryHarness, makePostgresHarness, testDatabaseUrl } from "./support/harness.js";

expiryWorkerSuite("the in-memory store", makeInMemoryHarness);

const databaseUrl = testDatabaseUrl();
if (databaseUrl !== undefined) {
  expiryWorkerSuite("real Postgres", (options) => makePostgresHarness(options, databaseUrl));
}
