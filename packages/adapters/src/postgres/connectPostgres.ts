import pg from "pg";
import type { SqlRunner } from "./SqlRunner.js";
import { isConnectionError, toStorageError } from "./toStorageError.js";

export interface PostgresOptions {
  readonly connectionString: string;
  /** Most connections the pool opens (default 10). */
  readonly max?: number;
  /** How long to wait for a free or new connection before failing (default 5000 ms). */
  readonly connectionTimeoutMillis?: number;
  /** How long one statement may take before the client gives up on it (default 30000 ms). */
  readonly queryTimeoutMillis?: number;
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult | pg.QueryResult[]>;
}

async function run<R>(client: Queryable, sql: string, params?: readonly unknown[]): Promise<R[]> {
  const result = await client.query(sql, params === undefined ? undefined : [...params]);
  // Several statements in one text answer one result each; the caller wants the last.
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return (last?.rows ?? []) as R[];
}

/** A runner bound to one checked-out client inside BEGIN ... COMMIT. */
function transactionRunner(client: pg.PoolClient): SqlRunner {
  const runner: SqlRunner = {
    query: <R>(sql: string, params?: readonly unknown[]) =>
      run<R>(client, sql, params).catch((error: unknown) => {
        throw toStorageError(error);
      }),
    transaction: (work) => work(runner),
    close: async () => undefined,
  };
  return runner;
}

/** A SqlRunner over a bounded `pg` Pool. Connection failures reject with StorageUnavailableError. */
export function connectPostgres(options: PostgresOptions): SqlRunner {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
    query_timeout: options.queryTimeoutMillis ?? 30_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server went away emits 'error' on the pool; without a listener that
  // would crash the process. The next query meets the failure and reports it.
  pool.on("error", () => undefined);
  // Likewise for a checked-out client whose connection dies between statements: the statement
  // in flight (or the next one) rejects, and release() throws the client away.
  pool.on("connect", (client) => client.on("error", () => undefined));

  async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw toStorageError(error);
    }
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      // A connection that failed mid-way is thrown away; one that only ran a bad statement is kept.
      if (isConnectionError(error)) broken = error instanceof Error ? error : new Error(String(error));
      throw toStorageError(error);
    } finally {
      client.release(broken);
    }
  }

  return {
    query: <R>(sql: string, params?: readonly unknown[]) => withClient((client) => run<R>(client, sql, params)),
    transaction: <T>(work: (tx: SqlRunner) => Promise<T>) =>
      withClient(async (client) => {
        await client.query("BEGIN");
        try {
          const result = await work(transactionRunner(client));
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        }
      }),
    close: () => pool.end(),
  };
}
