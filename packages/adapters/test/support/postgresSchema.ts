// Isolation for the real-PostgreSQL suites: a schema (or, behind PgBouncer, a database) per test file.
import pg from "pg";

export interface TestSchema {
  /** TEST_DATABASE_URL with search_path set to the schema, for connectPostgres. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh schema on the real server, so test files can run in parallel without seeing each other.
 * With TEST_DATABASE_ISOLATION=database (set by `make test-pgbouncer`), a fresh database instead:
 * behind PgBouncer in transaction mode a search_path chosen at connect time (the `options` startup
 * parameter) cannot follow a client from one server connection to the next, so PgBouncer refuses it.
 */
export async function createTestSchema(baseUrl: string, prefix: string): Promise<TestSchema> {
  const name = `t_${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  if (process.env.TEST_DATABASE_ISOLATION === "database") {
    await admin(baseUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      name: "public",
      drop: () => admin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
  }
  await admin(baseUrl, (c) => c.query(`CREATE SCHEMA ${name}`));
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    drop: () => admin(baseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)).then(() => undefined),
  };
}
