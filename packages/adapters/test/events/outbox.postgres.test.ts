// The outbox on the real server: the shared suite, then races. A checkout that lost the race for the
// last units writes no event; stock.low fires once however many writers cross the threshold; the
// feed read with a cursor under 8 concurrent writers (transactions committing out of id order)
// loses nothing and repeats nothing.
import type { DomainEvent } from "@orders/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresEventFeed } from "../../src/events/index.js";
import { SystemClock } from "../../src/inprocess/index.js";
import { connectPostgres, migrate, PostgresOrders, type SqlRunner } from "../../src/postgres/index.js";
import { createTestSchema, type TestSchema } from "../support/postgresSchema.js";
import { describeWithServer, postgresUrl } from "../support/servers.js";
import { checkout, eventsAfter, outboxSuite } from "./outboxSuite.js";

describeWithServer("postgres")("outbox on real PostgreSQL", () => {
  let schema: TestSchema;
  let db: SqlRunner;
  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "outbox");
    db = connectPostgres({ connectionString: schema.url, max: 24 });
    await migrate(db, { seed: true });
  });
  afterAll(async () => {
    await db?.close();
    await schema?.drop();
  });

  describe("every change, once", () => outboxSuite(() => db));

  it("checkouts racing for the last units: one order.created per order that won, none for the losers", async () => {
    await db.query("INSERT INTO products (id, sku, name, price_cents) VALUES (100, 'RACE', 'Race', 1)", []);
    await db.query("INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand) VALUES (1, 100, 5)", []);
    const { cursor } = await eventsAfter(db, 0);
    const results = await Promise.all(Array.from({ length: 20 }, () => checkout(db, 100, 1, 1)));
    const won = results.filter((id): id is number => id !== null);
    expect(won).toHaveLength(5);
    const created = (await eventsAfter(db, cursor)).events.filter((e) => e.type === "order.created");
    expect(created.map((e) => e.aggregate.id).sort((a, b) => a - b)).toEqual([...won].sort((a, b) => a - b));
  });

  it("stock.low once when concurrent checkouts in two warehouses cross the threshold together", async () => {
    await db.query(
      "INSERT INTO products (id, sku, name, price_cents, low_stock_threshold) VALUES (101, 'LOW', 'Low', 1, 15)",
      [],
    );
    await db.query(
      "INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand) VALUES (1, 101, 10), (2, 101, 10)",
      [],
    );
    const { cursor } = await eventsAfter(db, 0);
    await Promise.all(Array.from({ length: 16 }, (_, i) => checkout(db, 101, 1 + (i % 2), 1)));
    const low = (await eventsAfter(db, cursor)).events.filter((e) => e.type === "stock.low");
    expect(low).toHaveLength(1);
    expect(low[0]?.aggregate).toEqual({ type: "product", id: 101 });
  });

  it("the feed under 8 concurrent writers: every event exactly once, each aggregate in sequence order", async () => {
    await db.query("INSERT INTO products (id, sku, name, price_cents) VALUES (102, 'FEED', 'Feed', 1)", []);
    await db.query(
      "INSERT INTO warehouse_stock (warehouse_id, product_id, on_hand) VALUES (1, 102, 100000), (2, 102, 100000)",
      [],
    );
    const start = (await eventsAfter(db, 0)).cursor;
    const feed = new PostgresEventFeed(db, { clock: new SystemClock() });
    const seen: DomainEvent[] = [];
    let writing = true;
    const reader = (async () => {
      let cursor = start;
      for (;;) {
        const done = !writing;
        await feed.sequence(50);
        const page = await feed.read({ after: cursor, types: [], limit: 37 });
        seen.push(...page.events);
        cursor = page.nextCursor;
        if (done && page.events.length === 0) {
          // One more look after the writers stopped: nothing left unsequenced.
          if ((await feed.sequence()) === 0) return;
        }
      }
    })();
    const orders = new PostgresOrders(db);
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 25; i += 1) {
        // Half the orders are paid in a transaction that holds its xid while a later one commits first.
        const id = await checkout(db, 102, 1 + (w % 2), 1);
        if (id === null) throw new Error("checkout refused");
        if (i % 2 === 0) {
          await db.transaction(async (tx) => {
            await tx.query("SELECT pg_current_xact_id()", []);
            await new Promise((resolve) => setTimeout(resolve, (w * 7 + i) % 15));
            await new PostgresOrders(tx).close(id, "paid", new Date());
          });
        } else {
          await orders.close(id, "cancelled", new Date());
        }
      }
    });
    await Promise.all(writers);
    writing = false;
    await reader;

    const [stored] = await db.query<{ n: unknown }>(
      "SELECT count(*) AS n FROM events WHERE position > $1 AND aggregate_type = 'order'",
      [start],
    );
    const orderEvents = seen.filter((e) => e.aggregate.type === "order");
    expect(orderEvents).toHaveLength(8 * 25 * 2);
    expect(Number(stored?.n)).toBe(orderEvents.length);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    const lastSequence = new Map<string, number>();
    for (const event of seen) {
      const key = `${event.aggregate.type}:${event.aggregate.id}`;
      expect(event.sequence).toBe((lastSequence.get(key) ?? 0) + 1);
      lastSequence.set(key, event.sequence);
    }
  }, 60_000);
});
