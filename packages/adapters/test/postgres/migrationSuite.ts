import { replayLedger, type StockLevel } from "@orders/domain";
import { expect, it } from "vitest";
import { ScryptPasswordHasher } from "../../src/crypto/ScryptPasswordHasher.js";
import { createPostgresPorts, migrate, readMigrations, rollback, type SqlRunner } from "../../src/postgres/index.js";

const tables = async (db: SqlRunner) =>
  (
    await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
      [],
    )
  ).map((r) => r.table_name);

/** Schema, seed and rollback on one engine; `getDb` answers a runner on an empty schema. */
export function migrationSuite(getDb: () => SqlRunner): void {
  it("applies schema and seed once, however often it runs", async () => {
    const db = getDb();
    await migrate(db, { seed: true });
    await migrate(db, { seed: true });
    // Later migrations may add tables and versions; these are the ones this issue owns.
    expect(await tables(db)).toEqual(
      expect.arrayContaining([
        "order_items",
        "orders",
        "products",
        "schema_migrations",
        "stock_movements",
        "transfers",
        "users",
        "warehouse_stock",
        "warehouses",
      ]),
    );
    const applied = await db.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version", []);
    expect(applied.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
  });

  it("seeds users whose scrypt hashes verify, and never stores a clear password", async () => {
    const { users } = createPostgresPorts(getDb());
    const hasher = new ScryptPasswordHasher();
    const admin = await users.findByLogin("admin@example.com");
    const customer = await users.findByLogin("081234567891");
    expect(admin).toMatchObject({ role: "admin", phone: "081234567890" });
    expect(customer).toMatchObject({ role: "customer", email: "customer@example.com" });
    expect(admin?.passwordHash).toMatch(/^scrypt\$/);
    expect(await hasher.verify("admin123", admin?.passwordHash ?? null)).toBe(true);
    expect(await hasher.verify("customer123", customer?.passwordHash ?? null)).toBe(true);
    expect(await hasher.verify("admin123", customer?.passwordHash ?? null)).toBe(false);
  });

  it("seeds warehouses 1 and 2 active, 3 inactive, and stock that the ledger replays to", async () => {
    const ports = createPostgresPorts(getDb());
    const warehouses = await ports.warehouses.list();
    expect(warehouses.map((w) => [w.id, w.status])).toEqual([
      [1, "active"],
      [2, "active"],
      [3, "inactive"],
    ]);
    expect((await ports.catalog.listWithStock({ limit: 100 })).length).toBeGreaterThanOrEqual(5);
    const levels = await ports.catalog.levels({});
    expect(levels.filter((l) => l.productId === 1 && l.onHand > 0).map((l) => l.warehouseId)).toEqual([1, 2]);
    expect(new Set(levels.map((l) => l.warehouseId))).toEqual(new Set([1, 2, 3]));
    const replayed = replayLedger(await ports.stock.movements({}));
    expect(replayed).toEqual(levels.map(({ warehouseStatus: _s, warehousePriority: _p, ...rest }: StockLevel) => rest));
  });

  it("rejects a status that is not one, as data: nothing else runs", async () => {
    const { warehouses } = createPostgresPorts(getDb());
    const attack = "inactive'; DROP TABLE warehouses; --" as "inactive";
    await expect(warehouses.setStatus(1, attack)).rejects.toThrow();
    expect((await warehouses.findById(1))?.status).toBe("active");
  });

  it("rolls back to nothing, twice, and migrates again", async () => {
    const db = getDb();
    await rollback(db);
    expect(await tables(db)).toEqual([]);
    await rollback(db);
    expect(await tables(db)).toEqual([]);
    await migrate(db);
    expect(await db.query("SELECT count(*)::int AS n FROM users", [])).toEqual([{ n: 0 }]);
    await migrate(db, { seed: true });
    // Seed ids were explicit: the sequences must still hand out fresh ones.
    const [row] = await db.query<{ id: unknown }>("INSERT INTO warehouses (name) VALUES ('New') RETURNING id", []);
    expect(Number(row?.id)).toBe(4);
    await rollback(db);
  });
}
