// Product writes racing on the real server: the loser waits on the winner's row and is judged on what it committed.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { connectPostgres, migrate, PostgresProducts, type SqlRunner } from "../src/postgres/index.js";
import { createTestSchema, type TestSchema } from "./support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "./support/servers.js";

/** Whether `promise` is still pending after `ms`: the statement behind it is waiting on a lock. */
async function stillWaiting(promise: Promise<unknown>, ms = 300): Promise<boolean> {
  const pending = Symbol("pending");
  const first = await Promise.race([promise.then(() => null), new Promise((r) => setTimeout(() => r(pending), ms))]);
  return first === pending;
}

describeWithServer("postgres")("product races on real Postgres", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  let products: PostgresProducts;

  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "product_races");
    db = connectPostgres({ connectionString: schema.url, max: 10 });
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });
  beforeEach(async () => {
    await db.query("TRUNCATE products RESTART IDENTITY CASCADE", []);
    products = new PostgresProducts(db);
  });

  /** Runs `first` in a transaction left open until the returned commit() is called. */
  async function openTransaction<T>(first: (tx: PostgresProducts) => Promise<T>) {
    let commit = () => {};
    const released = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let answered: (value: T) => void = () => {};
    const answer = new Promise<T>((resolve) => {
      answered = resolve;
    });
    const done = db.transaction(async (tx) => {
      answered(await first(new PostgresProducts(tx)));
      await released;
    });
    return {
      answer: await answer,
      commit: async () => {
        commit();
        await done;
      },
    };
  }

  it("a change naming the version another change just took waits for it, then is version_mismatch", async () => {
    const created = await products.create({ sku: "P", name: "P", priceCents: 100, lowStockThreshold: 0 });
    const id = created?.id ?? 0;
    const winner = await openTransaction((tx) => tx.update(id, { priceCents: 200 }, [1]));
    expect(winner.answer.outcome).toBe("updated");

    const loser = products.update(id, { priceCents: 300 }, [1]);
    expect(await stillWaiting(loser)).toBe(true);
    await winner.commit();

    expect(await loser).toEqual({ outcome: "version_mismatch" });
    const [stored] = await products.findByIds([id]);
    expect(stored).toMatchObject({ priceCents: 200, version: 2 });
  });

  it("a change without If-Match waits, then applies on top: the version counts both", async () => {
    const created = await products.create({ sku: "P", name: "P", priceCents: 100, lowStockThreshold: 0 });
    const id = created?.id ?? 0;
    const first = await openTransaction((tx) => tx.update(id, { priceCents: 200 }));
    const second = products.update(id, { name: "Q" });
    expect(await stillWaiting(second)).toBe(true);
    await first.commit();
    expect(await second).toMatchObject({ outcome: "updated", product: { name: "Q", priceCents: 200, version: 3 } });
  });

  it("a create of a SKU another create holds uncommitted waits for it, then answers null without an error", async () => {
    const winner = await openTransaction((tx) =>
      tx.create({ sku: "SAME", name: "First", priceCents: 1, lowStockThreshold: 0 }),
    );
    expect(winner.answer).not.toBeNull();

    const loser = products.create({ sku: "SAME", name: "Second", priceCents: 2, lowStockThreshold: 0 });
    expect(await stillWaiting(loser)).toBe(true);
    await winner.commit();

    expect(await loser).toBeNull();
    const rows = await db.query<{ name: string }>("SELECT name FROM products WHERE sku = 'SAME'", []);
    expect(rows).toEqual([{ name: "First" }]);
  });

  it("fifty creates of one SKU at once: one product, forty-nine nulls, no error", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        products.create({ sku: "HOT", name: `n${i}`, priceCents: i, lowStockThreshold: 0 }),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await db.query("SELECT id FROM products WHERE sku = 'HOT'", [])).toHaveLength(1);
  });

  it("fifty changes from version 1 at once: exactly one is updated", async () => {
    const created = await products.create({ sku: "P", name: "P", priceCents: 100, lowStockThreshold: 0 });
    const id = created?.id ?? 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => products.update(id, { priceCents: i }, [1])),
    );
    expect(results.filter((r) => r.outcome === "updated")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "version_mismatch")).toHaveLength(49);
    expect((await products.findByIds([id]))[0]?.version).toBe(2);
  });
});
