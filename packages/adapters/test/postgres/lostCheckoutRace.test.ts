import { InsufficientStockError } from "@orders/domain";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  connectPostgres,
  migrate,
  PostgresReservations,
  PostgresStockLedger,
  type SqlRunner,
} from "../../src/postgres/index.js";
import { createTestSchema, type TestSchema } from "../support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "../support/servers.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");

describeWithServer("postgres")("a one-line checkout that loses the race for the last unit", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  let userId: number;
  let warehouseId: number;
  let productId: number;

  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "lostrace");
    db = connectPostgres({ connectionString: schema.url, max: 4 });
    await migrate(db);
    const [u] = await db.query<{ id: string }>(
      "INSERT INTO users (email, phone, password_hash, role) VALUES ('c@example.com', NULL, 'x', 'customer') RETURNING id",
    );
    const [w] = await db.query<{ id: string }>("INSERT INTO warehouses (name, priority) VALUES ('A', 1) RETURNING id");
    const [p] = await db.query<{ id: string }>(
      "INSERT INTO products (sku, name, price_cents) VALUES ('LAST-1', 'Last', 100) RETURNING id",
    );
    [userId, warehouseId, productId] = [Number(u?.id), Number(w?.id), Number(p?.id)];
    await new PostgresStockLedger(db).adjust(warehouseId, productId, 1);
  });

  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });

  it("answers insufficient_stock after one statement: the ledger does not retry, PlaceOrder does", async () => {
    let statements = 0;
    const counting: SqlRunner = {
      query: (sql, params) => {
        statements++;
        return db.query(sql, params);
      },
      transaction: (work) => db.transaction(work),
      close: async () => undefined,
    };
    // A rival reserves the last unit and holds the row until told to commit.
    let commitRival = () => {};
    const rivalMayCommit = new Promise<void>((resolve) => {
      commitRival = resolve;
    });
    let holding = (_pid: number) => {};
    const rivalHolds = new Promise<number>((resolve) => {
      holding = resolve;
    });
    const rival = db.transaction(async (tx) => {
      await tx.query("UPDATE warehouse_stock SET reserved = reserved + 1 WHERE warehouse_id = $1 AND product_id = $2", [
        warehouseId,
        productId,
      ]);
      const [me] = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      holding(me?.pid ?? 0);
      await rivalMayCommit;
    });
    const rivalPid = await rivalHolds;

    // Our statement's snapshot still shows the unit free; it waits for the rival's lock.
    const placing = new PostgresReservations(counting).placePending({
      userId,
      lines: [{ warehouseId, productId, quantity: 1, unitPriceCents: 100 }],
      totalCents: 100,
      createdAt: T0,
      expiresAt: new Date(T0.getTime() + 300_000),
    });
    placing.catch(() => undefined);
    for (;;) {
      const [row] = await db.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))",
        [rivalPid],
      );
      if (Number(row?.n) > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    commitRival();
    await rival;

    await expect(placing).rejects.toBeInstanceOf(InsufficientStockError);
    expect(statements).toBe(1);
    expect(await db.query("SELECT id FROM orders")).toEqual([]);
  });
});
