import { MAX_NOTE_LENGTH, MAX_ON_HAND, MAX_RECEIPT_LINES, MAX_REFERENCE_LENGTH } from "@orders/domain";
import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

type App = Awaited<ReturnType<typeof givenApp>>;

const levelOf = async (t: App, warehouseId: number, productId: number) => {
  const [level] = await t.ports.catalog.levels({ warehouseId, productIds: [productId] });
  return level === undefined ? undefined : { onHand: level.onHand, reserved: level.reserved };
};

const checkout = (t: App, quantity: number) =>
  t.send("POST", "/checkout", {
    as: t.alice,
    body: { product_id: t.gadget.id, quantity, warehouse_id: t.north.id },
  });

describe("POST /stock/receipts", () => {
  it("books every line in, one receive movement per line naming the receipt, reference and admin", async () => {
    const t = await givenApp();
    const body = {
      warehouse_id: t.south.id,
      lines: [
        { product_id: t.widget.id, quantity: 7 },
        { product_id: t.gadget.id, quantity: 2 },
      ],
      reference: "PO-42",
    };
    const res = await t.send("POST", "/stock/receipts", { as: t.admin, body });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ receipt_id: expect.any(Number), ...body });
    expect(await levelOf(t, t.south.id, t.widget.id)).toEqual({ onHand: 12, reserved: 0 });
    expect(await levelOf(t, t.south.id, t.gadget.id)).toEqual({ onHand: 2, reserved: 0 });
    const rows = await t.send("GET", "/stock/movements?kind=receive", { as: t.admin });
    expect(rows.list).toEqual(
      body.lines.map((l) => ({
        id: expect.any(Number),
        kind: "receive",
        warehouse_id: t.south.id,
        product_id: l.product_id,
        on_hand_delta: l.quantity,
        reserved_delta: 0,
        order_id: null,
        transfer_id: null,
        receipt_id: res.json.receipt_id,
        actor_user_id: t.admin.userId,
        reason: null,
        reference: "PO-42",
        note: null,
        created_at: expect.any(String),
      })),
    );
  });

  it("answers reference null when none is given, and books into an inactive warehouse", async () => {
    const t = await givenApp();
    await t.ports.warehouses.setStatus(t.south.id, "inactive");
    const body = { warehouse_id: t.south.id, lines: [{ product_id: t.gadget.id, quantity: 1 }] };
    const res = await t.send("POST", "/stock/receipts", { as: t.admin, body });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ reference: null });
    expect(await levelOf(t, t.south.id, t.gadget.id)).toEqual({ onHand: 1, reserved: 0 });
  });

  it("answers 404 for an unknown warehouse or product and 409 past the row limit, booking nothing", async () => {
    const t = await givenApp();
    const line = { product_id: t.widget.id, quantity: 1 };
    const warehouse = await t.send("POST", "/stock/receipts", {
      as: t.admin,
      body: { warehouse_id: 99, lines: [line] },
    });
    expect(warehouse.status).toBe(404);
    expect(warehouse.json).toMatchObject({ code: "warehouse_not_found", warehouse_id: 99 });
    const product = await t.send("POST", "/stock/receipts", {
      as: t.admin,
      body: { warehouse_id: t.north.id, lines: [line, { product_id: 77, quantity: 1 }] },
    });
    expect(product.status).toBe(404);
    expect(product.json).toMatchObject({ code: "product_not_found", product_id: 77 });
    await t.ports.stock.adjust(t.north.id, t.gadget.id, MAX_ON_HAND - 3);
    const full = await t.send("POST", "/stock/receipts", {
      as: t.admin,
      body: { warehouse_id: t.north.id, lines: [line, { product_id: t.gadget.id, quantity: 1 }] },
    });
    expect(full.status).toBe(409);
    expect(full.json).toMatchObject({
      code: "stock_limit_exceeded",
      product_id: t.gadget.id,
      warehouse_id: t.north.id,
      on_hand: MAX_ON_HAND,
      limit: MAX_ON_HAND,
    });
    expect(await levelOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 0 });
    expect((await t.send("GET", "/stock/movements?kind=receive", { as: t.admin })).list).toEqual([]);
  });

  const good = { warehouse_id: 1, lines: [{ product_id: 1, quantity: 1 }] };
  it.each([
    ["warehouse_id", { ...good, warehouse_id: 0 }],
    ["warehouse_id", { ...good, warehouse_id: "1" }],
    ["warehouse_id", { lines: good.lines }],
    ["lines", { warehouse_id: 1 }],
    ["lines", { ...good, lines: [] }],
    ["lines", { ...good, lines: "x" }],
    [
      "lines",
      { ...good, lines: Array.from({ length: MAX_RECEIPT_LINES + 1 }, (_, i) => ({ product_id: i + 1, quantity: 1 })) },
    ],
    ["lines[0].product_id", { ...good, lines: [{ quantity: 1 }] }],
    ["lines[0].product_id", { ...good, lines: [{ product_id: -1, quantity: 1 }] }],
    ["lines[0].quantity", { ...good, lines: [{ product_id: 1, quantity: 0 }] }],
    ["lines[0].quantity", { ...good, lines: [{ product_id: 1, quantity: 1.5 }] }],
    ["lines[0].quantity", { ...good, lines: [{ product_id: 1, quantity: 1_000_001 }] }],
    ["lines[0].extra", { ...good, lines: [{ product_id: 1, quantity: 1, extra: 1 }] }],
    [
      "lines[1].product_id",
      {
        ...good,
        lines: [
          { product_id: 1, quantity: 1 },
          { product_id: 1, quantity: 2 },
        ],
      },
    ],
    ["reference", { ...good, reference: "" }],
    ["reference", { ...good, reference: "r".repeat(MAX_REFERENCE_LENGTH + 1) }],
    ["reference", { ...good, reference: 5 }],
    ["reference", { ...good, reference: "a\u0007b" }],
    ["extra", { ...good, extra: true }],
  ])("answers 400 naming %s", async (field, body) => {
    const t = await givenApp();
    const res = await t.send("POST", "/stock/receipts", { as: t.admin, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
    expect(await levelOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("answers 401 without a token, 403 for a customer, 400 for a body that is not JSON", async () => {
    const t = await givenApp();
    expect((await t.send("POST", "/stock/receipts", { body: good })).status).toBe(401);
    const customer = await t.send("POST", "/stock/receipts", { as: t.alice, body: good });
    expect(customer.status).toBe(403);
    expect(customer.json).toMatchObject({ code: "forbidden" });
    const notJson = await t.send("POST", "/stock/receipts", { as: t.admin, body: "{" });
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ code: "invalid_json" });
  });

  it("replays a receipt sent twice with one Idempotency-Key, booking it once", async () => {
    const t = await givenApp();
    const body = { warehouse_id: t.north.id, lines: [{ product_id: t.widget.id, quantity: 3 }] };
    const headers = { "Idempotency-Key": "receipt-1" };
    const first = await t.send("POST", "/stock/receipts", { as: t.admin, body, headers });
    const again = await t.send("POST", "/stock/receipts", { as: t.admin, body, headers });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(await levelOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 13, reserved: 0 });
  });
});

describe("POST /stock/adjustments", () => {
  it("moves on_hand by a delta with reason and note, answering the new level", async () => {
    const t = await givenApp();
    const body = {
      warehouse_id: t.north.id,
      product_id: t.widget.id,
      reason: "damaged",
      delta: -3,
      note: "water damage",
    };
    const res = await t.send("POST", "/stock/adjustments", { as: t.admin, body });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      warehouse_id: t.north.id,
      product_id: t.widget.id,
      on_hand: 7,
      reserved: 0,
      available: 7,
    });
    const found = await t.send("POST", "/stock/adjustments", {
      as: t.admin,
      body: { warehouse_id: t.south.id, product_id: t.gadget.id, reason: "found", delta: 2 },
    });
    expect(found.json).toMatchObject({ on_hand: 2, reserved: 0, available: 2 });
    const rows = await t.send("GET", `/stock/movements?kind=adjust&warehouse_id=${t.north.id}`, { as: t.admin });
    expect(rows.list.at(-1)).toMatchObject({
      product_id: t.widget.id,
      on_hand_delta: -3,
      actor_user_id: t.admin.userId,
      reason: "damaged",
      note: "water damage",
    });
  });

  it("sets on_hand to a count, the ledger row carrying count minus on_hand", async () => {
    const t = await givenApp();
    expect((await checkout(t, 2)).status).toBe(201);
    const res = await t.send("POST", "/stock/adjustments", {
      as: t.admin,
      body: { warehouse_id: t.north.id, product_id: t.gadget.id, reason: "count", counted_quantity: 8 },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      warehouse_id: t.north.id,
      product_id: t.gadget.id,
      on_hand: 8,
      reserved: 2,
      available: 6,
    });
    const rows = await t.send("GET", `/stock/movements?product_id=${t.gadget.id}&kind=adjust`, { as: t.admin });
    expect(rows.list.at(-1)).toMatchObject({ on_hand_delta: 5, reason: "count", actor_user_id: t.admin.userId });
  });

  it("answers 409 insufficient_stock when on_hand would fall below reserved, by delta or by count", async () => {
    const t = await givenApp();
    expect((await checkout(t, 2)).status).toBe(201);
    const base = { warehouse_id: t.north.id, product_id: t.gadget.id, reason: "lost" };
    const byDelta = await t.send("POST", "/stock/adjustments", { as: t.admin, body: { ...base, delta: -2 } });
    expect(byDelta.status).toBe(409);
    expect(byDelta.json).toMatchObject({
      code: "insufficient_stock",
      product_id: t.gadget.id,
      warehouse_id: t.north.id,
      requested: 2,
      available: 1,
    });
    const byCount = await t.send("POST", "/stock/adjustments", {
      as: t.admin,
      body: { ...base, reason: "count", counted_quantity: 1 },
    });
    expect(byCount.status).toBe(409);
    expect(byCount.json).toMatchObject({ code: "insufficient_stock", requested: 2, available: 1 });
    expect(await levelOf(t, t.north.id, t.gadget.id)).toEqual({ onHand: 3, reserved: 2 });
    const down = await t.send("POST", "/stock/adjustments", { as: t.admin, body: { ...base, delta: -1 } });
    expect(down.json).toMatchObject({ on_hand: 2, reserved: 2, available: 0 });
  });

  it("answers 404 for an unknown warehouse or product and 409 past the row limit", async () => {
    const t = await givenApp();
    const base = { warehouse_id: t.north.id, product_id: t.widget.id, reason: "found", delta: 1 };
    const warehouse = await t.send("POST", "/stock/adjustments", { as: t.admin, body: { ...base, warehouse_id: 9 } });
    expect(warehouse.status).toBe(404);
    expect(warehouse.json).toMatchObject({ code: "warehouse_not_found", warehouse_id: 9 });
    const product = await t.send("POST", "/stock/adjustments", { as: t.admin, body: { ...base, product_id: 9 } });
    expect(product.status).toBe(404);
    expect(product.json).toMatchObject({ code: "product_not_found", product_id: 9 });
    await t.ports.stock.adjust(t.north.id, t.widget.id, MAX_ON_HAND - 10);
    const full = await t.send("POST", "/stock/adjustments", { as: t.admin, body: base });
    expect(full.status).toBe(409);
    expect(full.json).toMatchObject({ code: "stock_limit_exceeded", on_hand: MAX_ON_HAND });
  });

  const good = { warehouse_id: 1, product_id: 1, reason: "count", counted_quantity: 4 };
  const { counted_quantity: _c, ...noChange } = good;
  it.each([
    ["warehouse_id", { ...good, warehouse_id: 1.5 }],
    ["warehouse_id", { ...good, warehouse_id: undefined }],
    ["product_id", { ...good, product_id: "1" }],
    ["product_id", { ...good, product_id: undefined }],
    ["reason", { ...good, reason: "import" }],
    ["reason", { ...good, reason: undefined }],
    ["counted_quantity", noChange],
    ["counted_quantity", { ...good, delta: 1 }],
    ["counted_quantity", { ...good, counted_quantity: -1 }],
    ["counted_quantity", { ...good, counted_quantity: 2.5 }],
    ["counted_quantity", { ...good, counted_quantity: MAX_ON_HAND + 1 }],
    ["counted_quantity", { ...good, counted_quantity: "4" }],
    ["delta", { ...noChange, delta: 0 }],
    ["delta", { ...noChange, delta: 1_000_001 }],
    ["delta", { ...noChange, delta: -1_000_001 }],
    ["delta", { ...noChange, delta: 0.5 }],
    ["note", { ...good, note: "" }],
    ["note", { ...good, note: "n".repeat(MAX_NOTE_LENGTH + 1) }],
    ["note", { ...good, note: ["x"] }],
    ["note", { ...good, note: "line\nbreak" }],
    ["extra", { ...good, extra: 1 }],
  ])("answers 400 naming %s", async (field, body) => {
    const t = await givenApp();
    const res = await t.send("POST", "/stock/adjustments", { as: t.admin, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
    expect(await levelOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("answers 401 without a token, 403 for a customer", async () => {
    const t = await givenApp();
    expect((await t.send("POST", "/stock/adjustments", { body: good })).status).toBe(401);
    const customer = await t.send("POST", "/stock/adjustments", { as: t.bob, body: good });
    expect(customer.status).toBe(403);
    expect(customer.json).toMatchObject({ code: "forbidden" });
  });
});

describe("GET /stock/movements", () => {
  it("lists every movement oldest first with its actor: checkout, pay, cancel, transfer", async () => {
    const t = await givenApp();
    const paid = await checkout(t, 1);
    await t.send("POST", "/pay", { as: t.alice, body: { order_id: paid.json.order_id } });
    const cancelled = await checkout(t, 1);
    await t.send("POST", `/orders/${cancelled.json.order_id}/cancel`, { as: t.admin });
    await t.send("POST", "/transfer", {
      as: t.admin,
      body: { from_warehouse_id: t.north.id, to_warehouse_id: t.south.id, product_id: t.gadget.id, quantity: 1 },
    });
    const res = await t.send("GET", `/stock/movements?product_id=${t.gadget.id}`, { as: t.admin });
    expect(res.status).toBe(200);
    expect(res.list.map((m) => [m.kind, m.order_id, m.actor_user_id])).toEqual([
      ["adjust", null, null],
      ["reserve", paid.json.order_id, t.alice.userId],
      ["sale", paid.json.order_id, t.alice.userId],
      ["reserve", cancelled.json.order_id, t.alice.userId],
      ["release", cancelled.json.order_id, t.admin.userId],
      ["transfer_out", null, t.admin.userId],
      ["transfer_in", null, t.admin.userId],
    ]);
    const byOrder = await t.send("GET", `/stock/movements?order_id=${paid.json.order_id}`, { as: t.admin });
    expect(byOrder.list.map((m) => m.kind)).toEqual(["reserve", "sale"]);
  });

  it("pages by id with a Link to the next page, and filters by time", async () => {
    const t = await givenApp();
    const first = await t.send("GET", "/stock/movements?limit=2", { as: t.admin });
    expect(first.list).toHaveLength(2);
    const link = first.headers.get("Link");
    expect(link).toBe(`</stock/movements?limit=2&after_id=${first.list[1]?.id}>; rel="next"`);
    const next = await t.send("GET", String(link?.slice(1, link.indexOf(">"))), { as: t.admin });
    expect(next.list.map((m) => m.id)).toEqual([3]);
    expect(next.headers.get("Link")).toBeNull();
    const now = t.ports.clock.now().toISOString();
    expect((await t.send("GET", `/stock/movements?since=${now}`, { as: t.admin })).list).toHaveLength(3);
    expect((await t.send("GET", `/stock/movements?until=${now}`, { as: t.admin })).list).toEqual([]);
  });

  it.each([
    ["warehouse_id", "warehouse_id=0"],
    ["product_id", "product_id=x"],
    ["order_id", "order_id=-1"],
    ["kind", "kind=stolen"],
    ["since", "since=yesterday"],
    ["since", "since=2026-01-01"],
    ["until", "until=2026-13-01T00:00:00Z"],
    ["until", "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z"],
    ["limit", "limit=0"],
    ["limit", "limit=501"],
    ["after_id", "after_id=0"],
    ["kind", "kind=adjust&kind=sale"],
    ["warehouse", "warehouse=1"],
  ])("answers 400 naming %s", async (field, query) => {
    const t = await givenApp();
    const res = await t.send("GET", `/stock/movements?${query}`, { as: t.admin });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
  });

  it("answers 401 without a token, 403 for a customer", async () => {
    const t = await givenApp();
    expect((await t.send("GET", "/stock/movements")).status).toBe(401);
    expect((await t.send("GET", "/stock/movements", { as: t.alice })).status).toBe(403);
  });
});
