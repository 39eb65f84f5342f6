import { mkdirSync } from "node:fs";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { SqlRunner } from "./SqlRunner.js";
import { toStorageError } from "./toStorageError.js";

type PGliteLike = Pick<PGlite, "query" | "exec"> | Transaction;

async function run<R>(db: PGliteLike, sql: string, params?: readonly unknown[]): Promise<R[]> {
  try {
    if (params === undefined || params.length === 0) {
      // exec speaks the simple protocol, which allows several statements (migrations).
      const results = await db.exec(sql);
      return (results[results.length - 1]?.rows ?? []) as R[];
    }
    return (await db.query<R>(sql, [...params])).rows;
  } catch (error) {
    throw toStorageError(error);
  }
}

function transactionRunner(tx: Transaction): SqlRunner {
  const runner: SqlRunner = {
    query: (sql, params) => run(tx, sql, params),
    transaction: (work) => work(runner),
    close: async () => undefined,
  };
  return runner;
}

/**
 * PostgreSQL compiled to WebAssembly, in this process: on disk under `dataDir`, in memory when
 * it is undefined. It is one connection, so transactions run one after another.
 */
export async function openEmbeddedDatabase(dataDir?: string): Promise<SqlRunner> {
  // PGlite creates the data folder itself but not its parents (e.g. .data/pglite).
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  return {
    query: (sql, params) => run(db, sql, params),
    transaction: (work) => db.transaction((tx) => work(transactionRunner(tx))),
    close: () => db.close(),
  };
}
