import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

async function stockOf(t: Awaited<ReturnType<typeof givenApp>>, warehouseId: number, productId: number) {
  const [level] = await t.ports.catalog.levels({ warehouseId, productIds: [productId] });
  return { onHand: level?.onHand ?? 0, reserved: level?.reserved ?? 0 };
}

describe("POST /checkout", () => {
  it("reserves the original's single line {product_id, quantity} and answers 201 with the order", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 2 } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      order_id: expect.any(Number),
      status: "pending",
      expires_at: "2026-01-01T00:05:00.000Z",
      total_cents: 2500,
      currency: "IDR",
      items: [{ product_id: t.widget.id, warehouse_id: t.north.id, quantity: 2, unit_price_cents: 1250 }],
    });
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 2 });
  });

  it("reserves {items: [...]} from the warehouse asked for", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/checkout", {
      as: t.alice,
      body: { items: [{ product_id: t.widget.id, quantity: 4 }], warehouse_id: t.south.id },
    });
    expect(res.status).toBe(201);
    expect(res.json.items).toEqual([
      { product_id: t.widget.id, warehouse_id: t.south.id, quantity: 4, unit_price_cents: 1250 },
    ]);
    expect(await stockOf(t, t.south.id, t.widget.id)).toEqual({ onHand: 5, reserved: 4 });
  });

  it("answers 409 insufficient_stock with what is available, and reserves nothing", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/checkout", {
      as: t.alice,
      body: {
        items: [
          { product_id: t.gadget.id, quantity: 1 },
          { product_id: t.widget.id, quantity: 16 },
        ],
      },
    });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      code: "insufficient_stock",
      product_id: t.widget.id,
      requested: 16,
      available: 15,
    });
    expect(await stockOf(t, t.north.id, t.gadget.id)).toEqual({ onHand: 3, reserved: 0 });
  });

  it("answers 404 for an unknown product or warehouse and 409 for an inactive warehouse", async () => {
    const t = await givenApp();
    const product = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: 999, quantity: 1 } });
    expect(product.status).toBe(404);
    expect(product.json).toMatchObject({ code: "product_not_found", product_id: 999 });
    const warehouse = await t.send("POST", "/checkout", {
      as: t.alice,
      body: { product_id: t.widget.id, quantity: 1, warehouse_id: 999 },
    });
    expect(warehouse.status).toBe(404);
    expect(warehouse.json).toMatchObject({ code: "warehouse_not_found", warehouse_id: 999 });
    await t.ports.warehouses.setStatus(t.south.id, "inactive");
    const inactive = await t.send("POST", "/checkout", {
      as: t.alice,
      body: { product_id: t.widget.id, quantity: 1, warehouse_id: t.south.id },
    });
    expect(inactive.status).toBe(409);
    expect(inactive.json).toMatchObject({ code: "warehouse_inactive", warehouse_id: t.south.id });
  });

  it("counts checkout outcomes by code in /metrics", async () => {
    const t = await givenApp();
    await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 100 } });
    const metrics = await t.send("GET", "/metrics");
    expect(metrics.text).toContain('checkout_outcomes_total{outcome="created"} 1');
    expect(metrics.text).toContain('checkout_outcomes_total{outcome="insufficient_stock"} 1');
  });
});

describe("POST /pay", () => {
  it("pays a pending order: 200, the reservation becomes a sale", async () => {
    const t = await givenApp();
    const order = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 2 } });
    const paid = await t.send("POST", "/pay", { as: t.alice, body: { order_id: order.json.order_id } });
    expect(paid.status).toBe(200);
    expect(paid.json).toMatchObject({ order_id: order.json.order_id, status: "paid" });
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 8, reserved: 0 });
    const again = await t.send("POST", "/pay", { as: t.alice, body: { order_id: order.json.order_id } });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: "order_not_payable", status: "paid" });
  });

  it("answers 409 reservation_expired after expires_at and gives the stock back", async () => {
    const t = await givenApp();
    const order = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 2 } });
    t.ports.clock.advanceSeconds(301);
    const late = await t.send("POST", "/pay", { as: t.alice, body: { order_id: order.json.order_id } });
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ code: "reservation_expired", order_id: order.json.order_id });
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("answers 404 to a customer paying another customer's order or an unknown one", async () => {
    const t = await givenApp();
    const order = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    const other = await t.send("POST", "/pay", { as: t.bob, body: { order_id: order.json.order_id } });
    const unknown = await t.send("POST", "/pay", { as: t.bob, body: { order_id: 4242 } });
    expect(other.status).toBe(404);
    expect(other.json).toEqual({
      error: `order ${order.json.order_id} not found`,
      code: "order_not_found",
      order_id: order.json.order_id,
    });
    expect(unknown.status).toBe(404);
    const stillPending = await t.send("GET", `/orders/${order.json.order_id}`, { as: t.alice });
    expect(stillPending.json.status).toBe("pending");
  });
});

describe("orders", () => {
  it("GET /orders lists a customer's own orders; an admin sees all and filters by user_id and status", async () => {
    const t = await givenApp();
    const a1 = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    await t.send("POST", "/checkout", { as: t.bob, body: { product_id: t.widget.id, quantity: 1 } });
    const a2 = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.gadget.id, quantity: 1 } });
    await t.send("POST", "/pay", { as: t.alice, body: { order_id: a2.json.order_id } });

    const own = await t.send("GET", "/orders", { as: t.alice });
    expect(own.status).toBe(200);
    expect(own.list.map((o) => o.order_id)).toEqual([a1.json.order_id, a2.json.order_id]);
    expect(own.list[0]).toMatchObject({ user_id: t.alice.userId, status: "pending", closed_at: null });

    const everyone = await t.send("GET", "/orders", { as: t.admin });
    expect(everyone.list).toHaveLength(3);
    const alicePaid = await t.send("GET", `/orders?user_id=${t.alice.userId}&status=paid`, { as: t.admin });
    expect(alicePaid.list.map((o) => o.order_id)).toEqual([a2.json.order_id]);
    // A customer's user_id filter cannot widen what they see.
    const sneaky = await t.send("GET", `/orders?user_id=${t.bob.userId}`, { as: t.alice });
    expect(sneaky.list.every((o) => o.user_id === t.alice.userId)).toBe(true);

    const page = await t.send("GET", `/orders?limit=1&after_id=${a1.json.order_id}`, { as: t.admin });
    expect(page.list).toHaveLength(1);
    expect(page.list[0]?.order_id).toBeGreaterThan(Number(a1.json.order_id));
  });

  it("GET /orders refuses a bad status, limit or id with 400 naming the field", async () => {
    const t = await givenApp();
    for (const [query, field] of [
      ["status=shipped", "status"],
      ["limit=0", "limit"],
      ["limit=501", "limit"],
      ["limit=abc", "limit"],
      ["after_id=-1", "after_id"],
      ["user_id=x", "user_id"],
    ]) {
      const res = await t.send("GET", `/orders?${query}`, { as: t.admin });
      expect(res.status, query).toBe(400);
      expect(res.json, query).toMatchObject({ code: "invalid_input", field });
    }
  });

  it("GET /orders/{id}: the owner and an admin see it; another customer gets 404; a bad id is 400", async () => {
    const t = await givenApp();
    const order = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 3 } });
    const id = order.json.order_id;
    const own = await t.send("GET", `/orders/${id}`, { as: t.alice });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ order_id: id, status: "pending", total_cents: 3750 });
    expect((await t.send("GET", `/orders/${id}`, { as: t.admin })).status).toBe(200);
    const other = await t.send("GET", `/orders/${id}`, { as: t.bob });
    expect(other.status).toBe(404);
    expect(other.json.code).toBe("order_not_found");
    const bad = await t.send("GET", "/orders/abc", { as: t.alice });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: "invalid_input", field: "id" });
  });

  it("POST /orders/{id}/cancel gives the stock back once; a second cancel is 409; another customer gets 404", async () => {
    const t = await givenApp();
    const order = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 3 } });
    const id = order.json.order_id;
    expect((await t.send("POST", `/orders/${id}/cancel`, { as: t.bob })).status).toBe(404);
    const cancelled = await t.send("POST", `/orders/${id}/cancel`, { as: t.alice });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toEqual({ order_id: id, status: "cancelled" });
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 0 });
    const again = await t.send("POST", `/orders/${id}/cancel`, { as: t.alice });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("order_not_cancellable");
  });
});
