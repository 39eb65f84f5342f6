// The embedded database: PGlite (PostgreSQL in WebAssembly) in this process, its memory settings, and the data folder's lock.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
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
 * PostgreSQL's memory settings for the embedded engine, on top of PGlite's own start parameters.
 * The engine is one single-user backend in this process, serving a demo or a laptop:
 * - shared_buffers 32MB, not the 128MB initdb writes into postgresql.conf: the buffer pool lives
 *   in the WebAssembly heap, which never gives pages back, so it all ends up resident; the
 *   data files are also in the OS page cache, so a smaller pool costs a copy, not a disk read;
 * - max_connections 5 (there is only ever one backend): the lock and process tables are sized by it.
 */
export const EMBEDDED_POSTGRES_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: "32MB",
  max_connections: "5",
  superuser_reserved_connections: "0",
  reserved_connections: "0",
};

const options = () => ({
  startParams: [
    ...PGlite.defaultStartParams,
    ...Object.entries(EMBEDDED_POSTGRES_SETTINGS).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ],
});

// Run by a child node process: PGlite's CommonJS build, so it needs no module loader of its own.
const CREATE_DATABASE = `
const [pglite, dataDir, options] = process.argv.slice(1);
require(pglite).PGlite.create(dataDir, JSON.parse(options)).then((db) => db.close());
`;

/**
 * Creates the database in a folder that has none (PGlite runs initdb) in a child process. initdb
 * inside this process would leave about 100 MB more resident for good (its WebAssembly memory and
 * code go back to the allocator, not to the system), and a worker thread shares the allocator;
 * a child process gives everything back when it exits. It takes a few seconds, once.
 */
async function createDatabase(dataDir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  try {
    await promisify(execFile)(process.execPath, ["-e", CREATE_DATABASE, pglite, dataDir, JSON.stringify(options())]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`could not create the embedded database in ${dataDir}: ${String(error)} ${stderr}`.trim());
  }
}

/** Opens PGlite on `dataDir`, creating the database first (in a child process) when there is none. */
async function openPGlite(dataDir: string): Promise<PGlite> {
  if (!existsSync(join(dataDir, "PG_VERSION"))) await createDatabase(dataDir);
  return PGlite.create(dataDir, options());
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
  if (dataDir === undefined) return wrap(await PGlite.create(options()), () => undefined);
  // PGlite creates the data folder itself but not its parents (e.g. .data/pglite).
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  try {
    return wrap(await openPGlite(dataDir), () => lock.release());
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
