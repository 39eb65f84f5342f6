import { StorageUnavailableError } from "@orders/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres } from "../../src/postgres/connectPostgres.js";
import { PostgresUnitOfWork } from "../../src/postgres/PostgresUnitOfWork.js";
import type { SqlRunner } from "../../src/postgres/SqlRunner.js";
import { isConnectionError, isTransientConflict } from "../../src/postgres/toStorageError.js";
import { createTestSchema, type TestSchema } from "../support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "../support/servers.js";

const pgError = (code: string) => Object.assign(new Error(`pg error ${code}`), { code });

/** A runner whose transactions fail with `failure` until `failures` of them have failed. */
function flakyRunner(failures: number, failure: Error) {
  const state = { transactions: 0 };
  const runner: SqlRunner = {
    query: async <R>() => {
      if (state.transactions <= failures) throw failure;
      return [
        {
          id: 7,
          user_id: 1,
          status: "pending",
          total_cents: 0,
          created_at: new Date(),
          expires_at: new Date(),
          closed_at: null,
          lines: [],
        },
      ] as R[];
    },
    transaction: async (work) => {
      state.transactions++;
      return work(runner);
    },
    close: async () => undefined,
  };
  return { runner, state };
}

const noPause = async () => undefined;

describe("PostgresUnitOfWork on a lost race", () => {
  it("runs a unit of work that lost a deadlock again, and answers the retry's result", async () => {
    const { runner, state } = flakyRunner(2, new StorageUnavailableError(pgError("40P01")));
    const order = await new PostgresUnitOfWork(runner, noPause).run((tx) => tx.orders.findById(7));
    expect(order?.id).toBe(7);
    expect(state.transactions).toBe(3);
  });

  it("gives up after three attempts with the conflict", async () => {
    const { runner, state } = flakyRunner(99, new StorageUnavailableError(pgError("40001")));
    await expect(new PostgresUnitOfWork(runner, noPause).run((tx) => tx.orders.findById(7))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    expect(state.transactions).toBe(3);
  });

  it("does not retry any other failure", async () => {
    const { runner, state } = flakyRunner(99, pgError("23505"));
    await expect(new PostgresUnitOfWork(runner, noPause).run((tx) => tx.orders.findById(7))).rejects.toThrow("23505");
    expect(state.transactions).toBe(1);
  });
});

describeWithServer("postgres")("a real deadlock", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "deadlock");
    db = connectPostgres({ connectionString: schema.url, max: 4 });
    await db.query("CREATE TABLE cells (id int PRIMARY KEY, n int NOT NULL)");
    await db.query("INSERT INTO cells VALUES (1, 0), (2, 0)");
  });
  afterAll(async () => {
    await db.close();
    await schema.drop();
  });

  it("reaches the caller as a retryable storage_unavailable, and the pool keeps serving", async () => {
    // Two transactions lock the same rows in opposite orders: Postgres aborts one of them.
    const both = await Promise.allSettled(
      [
        [1, 2],
        [2, 1],
      ].map((order) =>
        db.transaction(async (tx) => {
          await tx.query("UPDATE cells SET n = n + 1 WHERE id = $1", [order[0]]);
          await tx.query("SELECT pg_sleep(0.2)");
          await tx.query("UPDATE cells SET n = n + 1 WHERE id = $1", [order[1]]);
        }),
      ),
    );
    const failed = both.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(StorageUnavailableError);
    expect(isTransientConflict(failed[0])).toBe(true);
    expect(isConnectionError(failed[0])).toBe(false);
    expect(await db.query<{ total: number }>("SELECT sum(n)::int AS total FROM cells")).toEqual([{ total: 2 }]);
  });
});
