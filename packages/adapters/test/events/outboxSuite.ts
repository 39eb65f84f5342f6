// Every committed change writes exactly one event in its own transaction; a refused or rolled-back
// change writes none. Run on PGlite and on the real server (the same migration and triggers).
import type { DomainEvent } from "@orders/domain";
import { beforeEach, expect, it } from "vitest";
import { PostgresEventFeed } from "../../src/events/index.js";
import { SystemClock } from "../../src/inprocess/index.js";
import type { SqlRunner } from "../../src/postgres/index.js";
import {
  PostgresOrders,
  PostgresReservations,
  PostgresStockLedger,
  PostgresWarehouses,
} from "../../src/postgres/index.js";
import { RESERVE_ORDER_MANY_SQL, RESERVE_ORDER_ONE_SQL } from "../../src/postgres/reservationSql.js";

/** Every event after `after`, through the feed (which sequences first). */
export async function eventsAfter(db: SqlRunner, after: number): Promise<{ events: DomainEvent[]; cursor: number }> {
  const feed = new PostgresEventFeed(db, { clock: new SystemClock() });
  await feed.sequence();
  const events: DomainEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await feed.read({ after: cursor, types: [], limit: 1000 });
    events.push(...page.events);
    cursor = page.nextCursor;
    if (page.events.length < 1000) return { events, cursor };
  }
}

const inAMinute = () => new Date(Date.now() + 60_000);

export async function checkout(db: SqlRunner, productId: number, warehouseId: number, quantity: number) {
  const [row] = await db.query<{ id: unknown }>(RESERVE_ORDER_ONE_SQL, [
    2,
    1000 * quantity,
    new Date(),
    inAMinute(),
    productId,
    warehouseId,
    quantity,
    1000,
  ]);
  return row?.id === null || row?.id === undefined ? null : Number(row.id);
}

export function outboxSuite(database: () => SqlRunner) {
  let db: SqlRunner;
  let cursor: number;
  beforeEach(async () => {
    db = database();
    cursor = (await eventsAfter(db, 0)).cursor;
  });
  const newEvents = async () => {
    const { events, cursor: next } = await eventsAfter(db, cursor);
    cursor = next;
    return events;
  };

  it("order.created with its items, then order.paid, cancelled and expired, sequence per order", async () => {
    const [one] = await db.query<{ id: unknown }>(RESERVE_ORDER_MANY_SQL, [
      2,
      3 * 1000 + 500,
      new Date(),
      inAMinute(),
      [1, 2],
      [1, 1],
      [3, 1],
      [1000, 500],
    ]);
    const orderId = Number(one?.id);
    const orders = new PostgresOrders(db);
    await orders.close(orderId, "paid", new Date());
    const second = await checkout(db, 1, 1, 1);
    const third = await checkout(db, 1, 1, 1);
    if (second === null || third === null) throw new Error("checkout refused");
    await orders.close(second, "cancelled", new Date());
    await orders.closeMany([third], "expired", new Date());

    const events = await newEvents();
    expect(events.map((e) => [e.type, e.aggregate.id, e.sequence])).toEqual([
      ["order.created", orderId, 1],
      ["order.paid", orderId, 2],
      ["order.created", second, 1],
      ["order.created", third, 1],
      ["order.cancelled", second, 2],
      ["order.expired", third, 2],
    ]);
    expect(events[0]?.data).toEqual({
      order_id: orderId,
      user_id: 2,
      status: "pending",
      total_cents: 3500,
      currency: "IDR",
      created_at: expect.any(String),
      expires_at: expect.any(String),
      closed_at: null,
      items: [
        { product_id: 1, warehouse_id: 1, quantity: 3, unit_price_cents: 1000 },
        { product_id: 2, warehouse_id: 1, quantity: 1, unit_price_cents: 500 },
      ],
    });
    expect(events[1]?.data).toMatchObject({ status: "paid", closed_at: expect.any(String) });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("order.created once per order a coalesced checkout placed, each with its own items; none for a refused one", async () => {
    const order = (userId: number, productId: number, quantity: number) => ({
      userId,
      totalCents: 1000 * quantity,
      createdAt: new Date(),
      expiresAt: inAMinute(),
      lines: [{ warehouseId: 1, productId, quantity, unitPriceCents: 1000 }],
    });
    const placements = await new PostgresReservations(db).placeMany(
      [order(2, 1, 1), order(2, 2, 2), order(2, 1, 1_000_000), order(2, 2, 1)],
      { maxPendingUnitsPerProduct: 1_000_000, maxPendingOrders: 1_000 },
    );
    const placed = placements.flatMap((p) => ("placed" in p ? [p.placed.id] : []));
    expect(placed).toHaveLength(3);

    const events = await newEvents();
    expect(events.map((e) => [e.type, e.aggregate.id, e.sequence])).toEqual(
      placed.map((id) => ["order.created", id, 1]),
    );
    expect(events.map((e) => (e.data as unknown as { items: unknown[] }).items)).toEqual([
      [{ product_id: 1, warehouse_id: 1, quantity: 1, unit_price_cents: 1000 }],
      [{ product_id: 2, warehouse_id: 1, quantity: 2, unit_price_cents: 1000 }],
      [{ product_id: 2, warehouse_id: 1, quantity: 1, unit_price_cents: 1000 }],
    ]);
  });

  it("no event for a refused checkout (insufficient stock, inactive warehouse) or an order that stays pending", async () => {
    expect(await checkout(db, 1, 1, 1_000_000)).toBeNull();
    expect(await checkout(db, 4, 3, 1)).toBeNull();
    const orders = new PostgresOrders(db);
    const placed = await checkout(db, 2, 1, 1);
    if (placed === null) throw new Error("checkout refused");
    await orders.close(placed, "paid", new Date());
    await expect(orders.close(placed, "cancelled", new Date())).rejects.toThrow(/not pending/);
    expect((await newEvents()).map((e) => e.type)).toEqual(["order.created", "order.paid"]);
  });

  it("no event from a transaction that rolled back", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO products (sku, name, price_cents) VALUES ('ROLLED-BACK', 'Never', 1)", []);
        await new PostgresWarehouses(tx).setStatus(2, "inactive");
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await newEvents()).toEqual([]);
  });

  it("stock.adjusted, stock.received (alone and per receipt), stock.transferred", async () => {
    const ledger = new PostgresStockLedger(db);
    await ledger.adjust(1, 3, 7);
    await expect(ledger.adjust(1, 3, -1_000)).rejects.toThrow();
    const transferId = await ledger.transfer({ fromWarehouseId: 1, toWarehouseId: 2, productId: 3, quantity: 2 });
    await expect(
      ledger.transfer({ fromWarehouseId: 1, toWarehouseId: 2, productId: 3, quantity: 1_000 }),
    ).rejects.toThrow();
    await db.transaction(async (tx) => {
      const [receipt] = await tx.query<{ id: unknown }>(
        "INSERT INTO stock_receipts (warehouse_id, reference, actor_user_id) VALUES (2, 'PO-7', 1) RETURNING id",
        [],
      );
      for (const [product, quantity] of [
        [5, 10],
        [6, 4],
      ]) {
        await tx.query(
          `INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, receipt_id, actor_user_id)
           VALUES ('receive', 2, $1, $2, 0, $3, 1)`,
          [product, quantity, receipt?.id],
        );
      }
    });
    await db.query(
      `INSERT INTO stock_movements (kind, warehouse_id, product_id, on_hand_delta, reserved_delta, reason, note)
       VALUES ('adjust', 1, 2, -1, 0, 'damaged', 'dropped')`,
      [],
    );

    const events = await newEvents();
    expect(events.map((e) => [e.type, e.aggregate.type])).toEqual([
      ["stock.adjusted", "product"],
      ["stock.transferred", "product"],
      ["stock.received", "stock_receipt"],
      ["stock.adjusted", "product"],
    ]);
    expect(events[0]?.data).toMatchObject({ warehouse_id: 1, product_id: 3, quantity_delta: 7 });
    expect(events[1]?.data).toEqual({
      transfer_id: transferId,
      product_id: 3,
      from_warehouse_id: 1,
      to_warehouse_id: 2,
      quantity: 2,
      actor_user_id: null,
    });
    expect(events[2]?.data).toMatchObject({
      warehouse_id: 2,
      reference: "PO-7",
      actor_user_id: 1,
      lines: [
        { product_id: 5, quantity: 10 },
        { product_id: 6, quantity: 4 },
      ],
    });
    expect(events[3]?.data).toMatchObject({ reason: "damaged", note: "dropped", quantity_delta: -1 });
    // Product 3's events count on: adjusted (1), transferred (2).
    expect(events.filter((e) => e.aggregate.type === "product" && e.aggregate.id === 3).map((e) => e.sequence)).toEqual(
      [1, 2],
    );
  });

  it("warehouse.status_changed once per real change", async () => {
    const warehouses = new PostgresWarehouses(db);
    await warehouses.setStatus(2, "inactive");
    await warehouses.setStatus(2, "inactive");
    await warehouses.setStatus(2, "active");
    const events = await newEvents();
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        "warehouse.status_changed",
        { warehouse_id: 2, name: "Surabaya", status: "inactive", previous_status: "active" },
      ],
      [
        "warehouse.status_changed",
        { warehouse_id: 2, name: "Surabaya", status: "active", previous_status: "inactive" },
      ],
    ]);
  });

  it("product.created, updated, archived; none for a version mismatch or a change to nothing", async () => {
    const [created] = await db.query<{ id: unknown }>(
      "INSERT INTO products (sku, name, price_cents) VALUES ('EV-1', 'Event lamp', 990) RETURNING id",
      [],
    );
    const id = Number(created?.id);
    const update = (name: string, version: number) =>
      db.query(
        "UPDATE products SET name = $2, version = version + 1, updated_at = now() WHERE id = $1 AND version = $3 RETURNING id",
        [id, name, version],
      );
    expect(await update("Event lamp II", 1)).toHaveLength(1);
    expect(await update("Stale write", 1)).toHaveLength(0);
    await db.query("UPDATE products SET updated_at = now() WHERE id = $1", [id]);
    await db.query("UPDATE products SET status = 'archived', version = version + 1 WHERE id = $1", [id]);
    const events = await newEvents();
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ["product.created", 1],
      ["product.updated", 2],
      ["product.archived", 3],
    ]);
    expect(events[1]?.data).toMatchObject({ name: "Event lamp II", price_cents: 990, currency: "IDR", version: 2 });
  });

  it("stock.low once when a product's available drops below its threshold, again only after it recovered", async () => {
    // Product 3: 40 in Surabaya at the seed (less what earlier tests moved); threshold just below it.
    const [level] = await db.query<{ available: unknown }>(
      `SELECT sum(s.on_hand - s.reserved) AS available FROM warehouse_stock s
       JOIN warehouses w ON w.id = s.warehouse_id AND w.status = 'active' WHERE s.product_id = 3`,
      [],
    );
    const available = Number(level?.available);
    await db.query("UPDATE products SET low_stock_threshold = $1 WHERE id = 3", [available - 1]);
    await newEvents();
    const ledger = new PostgresStockLedger(db);
    await ledger.adjust(2, 3, -1); // available - 1: not below
    await ledger.adjust(2, 3, -1); // available - 2: below -> stock.low
    await ledger.adjust(2, 3, -1); // still low: nothing
    await ledger.adjust(2, 3, 5); // back above: re-armed
    await ledger.adjust(2, 3, -5); // below again -> stock.low
    const events = await newEvents();
    expect(events.filter((e) => e.type === "stock.low").map((e) => e.data)).toEqual([
      { product_id: 3, available: available - 2, low_stock_threshold: available - 1 },
      { product_id: 3, available: available - 3, low_stock_threshold: available - 1 },
    ]);
    expect(events.filter((e) => e.type === "stock.adjusted")).toHaveLength(5);
    await db.query("UPDATE products SET low_stock_threshold = 0 WHERE id = 3", []);
    await ledger.adjust(2, 3, -1);
    expect((await newEvents()).filter((e) => e.type === "stock.low")).toEqual([]);
  });
}
