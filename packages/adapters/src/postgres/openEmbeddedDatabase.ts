import { mkdirSync } from "node:fs";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { lockDataDir } from "./lockDataDir.js";
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
 *
 * PGlite is single-process: two processes on one folder overwrite each other's writes. The folder
 * is locked (`dataDir/.lock`, see lockDataDir) before PGlite opens it and until close; a second
 * open, here or in another process, throws DataDirInUseError.
 */
export async function openEmbeddedDatabase(dataDir?: string): Promise<SqlRunner> {
  if (dataDir === undefined) return wrap(await PGlite.create(), () => undefined);
  // PGlite creates the data folder itself but not its parents (e.g. .data/pglite).
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  try {
    return wrap(await PGlite.create(dataDir), () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}

function wrap(db: PGlite, afterClose: () => void): SqlRunner {
  return {
    query: (sql, params) => run(db, sql, params),
    transaction: (work) => db.transaction((tx) => work(transactionRunner(tx))),
    close: async () => {
      try {
        await db.close();
      } finally {
        afterClose();
      }
    },
  };
}
