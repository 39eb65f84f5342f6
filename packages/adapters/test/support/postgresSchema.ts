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

/** A fresh schema on the real server, so test files can run in parallel without seeing each other. */
export async function createTestSchema(baseUrl: string, prefix: string): Promise<TestSchema> {
  const name = `t_${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  await admin(baseUrl, (c) => c.query(`CREATE SCHEMA ${name}`));
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    drop: () => admin(baseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)).then(() => undefined),
  };
}
