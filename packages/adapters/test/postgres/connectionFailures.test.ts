import { StorageUnavailableError } from "@orders/domain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDatabase, connectPostgres, createPostgresPorts } from "../../src/postgres/index.js";
import { describeWithServer, postgresUrl } from "../support/servers.js";

describe("a database that cannot be reached", () => {
  // Port 1 on loopback: nothing listens, the connect is refused at once.
  const dead = () =>
    connectPostgres({ connectionString: "postgres://postgres@127.0.0.1:1/none", connectionTimeoutMillis: 500 });

  it("rejects queries, transactions and readiness checks with StorageUnavailableError, quickly", async () => {
    const db = dead();
    const started = Date.now();
    await expect(db.query("SELECT 1")).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(db.transaction(async (tx) => tx.query("SELECT 1"))).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(checkDatabase(db)).rejects.toMatchObject({ code: "storage_unavailable" });
    await expect(createPostgresPorts(db).catalog.listWithStock({ limit: 1 })).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    await db.close();
  });

  it("gives up on a host that never answers after the connection timeout", async () => {
    // 10.255.255.1 is not routed: the connect hangs (or fails at once) instead of being refused.
    const db = connectPostgres({
      connectionString: "postgres://postgres@10.255.255.1:5432/none",
      connectionTimeoutMillis: 300,
    });
    const started = Date.now();
    await expect(db.query("SELECT 1")).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(Date.now() - started).toBeLessThan(3000);
    await db.close();
  });
});

describeWithServer("postgres")("connection failures on real Postgres", () => {
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
  });

  const open = (options: { max?: number; connectionTimeoutMillis?: number; queryTimeoutMillis?: number } = {}) =>
    connectPostgres({ connectionString: postgresUrl() ?? "", ...options });

  it("turns a statement that outlives the query timeout into StorageUnavailableError", async () => {
    const db = open({ queryTimeoutMillis: 200 });
    await expect(db.query("SELECT pg_sleep(2)")).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await db.query<{ one: number }>("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await db.close();
  });

  it("fails fast with StorageUnavailableError when every pooled connection is busy", async () => {
    const db = open({ max: 1, connectionTimeoutMillis: 200 });
    let release: () => void = () => undefined;
    const held = db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(db.query("SELECT 1")).rejects.toBeInstanceOf(StorageUnavailableError);
    release();
    await held;
    await db.close();
  });

  it("survives the server killing its connections: busy ones fail as unavailable, idle ones do not crash", async () => {
    const db = open({ max: 2 });
    const [{ pid: idlePid } = { pid: 0 }] = await db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    // Caught at once: it fails while the test is still busy terminating it.
    const busy = db
      .transaction(async (tx) => {
        await tx.query("SELECT pg_sleep(5)");
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (pid = $1 OR query = 'SELECT pg_sleep(5)')",
      [idlePid],
    );
    expect(await busy).toBeInstanceOf(StorageUnavailableError);
    // The pool dropped the dead clients (its 'error' event is handled) and connects anew.
    expect(await db.query<{ one: number }>("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await db.close();
  });
});
