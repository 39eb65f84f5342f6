import type { Reservations } from "@orders/domain";
import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

type T = Awaited<ReturnType<typeof givenApp>>;

async function stockOf(t: T, warehouseId: number, productId: number) {
  const [level] = await t.ports.catalog.levels({ warehouseId, productIds: [productId] });
  return { onHand: level?.onHand ?? 0, reserved: level?.reserved ?? 0 };
}

const ordersOf = async (t: T) => (await t.send("GET", "/orders", { as: t.admin })).list;

const withKey = (key: string) => ({ "Idempotency-Key": key });

/** A unit of work whose runs wait until `release()`; `waiting` resolves once one is waiting. */
function heldReserveOrder() {
  const release: (() => void)[] = [];
  const entered: (() => void)[] = [];
  const gate = new Promise<void>((resolve) => release.push(resolve));
  const waiting = new Promise<void>((resolve) => entered.push(resolve));
  const wrap =
    (inner: Reservations["placePending"]): Reservations["placePending"] =>
    async (order) => {
      for (const resolve of entered) resolve();
      await gate;
      return inner(order);
    };
  const releaseAll = () => {
    for (const resolve of release) resolve();
  };
  return { wrap, release: releaseAll, waiting };
}

describe("Idempotency-Key", () => {
  it("replays a repeated checkout's status and body with Idempotent-Replayed, reserving once", async () => {
    const t = await givenApp();
    const first = await t.send("POST", "/checkout", {
      as: t.alice,
      headers: withKey("order-1"),
      body: { product_id: t.widget.id, quantity: 2 },
    });
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    // The same payload with other key order and whitespace.
    const again = await t.send("POST", "/checkout", {
      as: t.alice,
      headers: withKey("order-1"),
      body: `{ "quantity": 2,\n  "product_id": ${t.widget.id} }`,
    });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 2 });
    expect(await ordersOf(t)).toHaveLength(1);
  });

  it("runs every request without the header, and keeps keys per user", async () => {
    const t = await givenApp();
    const body = { product_id: t.widget.id, quantity: 1 };
    await t.send("POST", "/checkout", { as: t.alice, body });
    await t.send("POST", "/checkout", { as: t.alice, body });
    const alice = await t.send("POST", "/checkout", { as: t.alice, headers: withKey("k"), body });
    const bob = await t.send("POST", "/checkout", { as: t.bob, headers: withKey("k"), body });
    expect([alice.status, bob.status]).toEqual([201, 201]);
    expect(bob.json.order_id).not.toBe(alice.json.order_id);
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 4 });
  });

  it("replays a refusal too: the first answer is the answer for that key", async () => {
    const t = await givenApp();
    const body = { product_id: t.gadget.id, quantity: 5 };
    const refused = await t.send("POST", "/checkout", { as: t.alice, headers: withKey("gadgets"), body });
    expect(refused.status).toBe(409);
    await t.ports.stock.adjust(t.north.id, t.gadget.id, 10);
    const again = await t.send("POST", "/checkout", { as: t.alice, headers: withKey("gadgets"), body });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: "insufficient_stock" });
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await stockOf(t, t.north.id, t.gadget.id)).toEqual({ onHand: 13, reserved: 0 });
  });

  it("answers 422 idempotency_key_reused for the same key with another body or path, changing nothing", async () => {
    const t = await givenApp();
    await t.send("POST", "/checkout", {
      as: t.alice,
      headers: withKey("k1"),
      body: { product_id: t.widget.id, quantity: 1 },
    });
    const otherBody = await t.send("POST", "/checkout", {
      as: t.alice,
      headers: withKey("k1"),
      body: { product_id: t.widget.id, quantity: 3 },
    });
    expect(otherBody.status).toBe(422);
    expect(otherBody.json).toEqual({ error: expect.any(String), code: "idempotency_key_reused" });
    const order = await ordersOf(t);
    const otherPath = await t.send("POST", "/pay", {
      as: t.alice,
      headers: withKey("k1"),
      body: { order_id: order[0]?.order_id },
    });
    expect(otherPath.status).toBe(422);
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 1 });
    expect((await ordersOf(t)).map((o) => o.status)).toEqual(["pending"]);
  });

  it("answers 409 idempotency_key_in_flight with Retry-After while the first request runs, then replays", async () => {
    const held = heldReserveOrder();
    const t = await givenApp({ wrapPlacePending: held.wrap });
    const body = { product_id: t.widget.id, quantity: 1 };
    const first = t.send("POST", "/checkout", { as: t.alice, headers: withKey("slow"), body });
    await held.waiting;
    const during = await t.send("POST", "/checkout", { as: t.alice, headers: withKey("slow"), body });
    expect(during.status).toBe(409);
    expect(during.json).toMatchObject({ code: "idempotency_key_in_flight", retry_after_seconds: expect.any(Number) });
    const retryAfter = Number(during.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    held.release();
    const done = await first;
    expect(done.status).toBe(201);
    const after = await t.send("POST", "/checkout", { as: t.alice, headers: withKey("slow"), body });
    expect(after.headers.get("Idempotent-Replayed")).toBe("true");
    expect(after.json.order_id).toBe(done.json.order_id);
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 1 });
  });

  it.each([
    ["empty", ""],
    ["256 characters", "k".repeat(256)],
    ["not ASCII", "caf\u00e9"],
  ])("answers 400 invalid_input naming the header when the key is %s, and runs nothing", async (_, key) => {
    const t = await givenApp();
    const res = await t.send("POST", "/checkout", {
      as: t.alice,
      headers: withKey(key),
      body: { product_id: t.widget.id, quantity: 1 },
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field: "Idempotency-Key" });
    expect(await ordersOf(t)).toEqual([]);
  });

  it("accepts a 255-character key of printable ASCII", async () => {
    const t = await givenApp();
    const key = "A-z0 9~!".repeat(32).slice(0, 255);
    const res = await t.send("POST", "/checkout", {
      as: t.alice,
      headers: withKey(key),
      body: { product_id: t.widget.id, quantity: 1 },
    });
    expect(res.status).toBe(201);
  });

  it("drops the claim when the request fails with a 5xx, so the retry runs", async () => {
    let failures = 1;
    const t = await givenApp({
      wrapPlacePending: (inner) => async (order) => {
        if (failures-- > 0) throw new Error("connection reset by a flaky proxy");
        return inner(order);
      },
    });
    const body = { product_id: t.widget.id, quantity: 2 };
    const failed = await t.send("POST", "/checkout", { as: t.alice, headers: withKey("retry-me"), body });
    expect(failed.status).toBe(500);
    const retried = await t.send("POST", "/checkout", { as: t.alice, headers: withKey("retry-me"), body });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 10, reserved: 2 });
  });

  it("makes pay, cancel and transfer safe to repeat", async () => {
    const t = await givenApp();
    const placed = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    const order_id = placed.json.order_id;
    const pay = () => t.send("POST", "/pay", { as: t.alice, headers: withKey("pay-1"), body: { order_id } });
    expect((await pay()).status).toBe(200);
    const paidAgain = await pay();
    // Without the key a second pay is a 409 order_not_payable.
    expect(paidAgain.status).toBe(200);
    expect(paidAgain.json).toMatchObject({ order_id, status: "paid" });

    const other = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    const cancel = () =>
      t.send("POST", `/orders/${other.json.order_id}/cancel`, { as: t.alice, headers: withKey("cancel-1") });
    expect((await cancel()).status).toBe(200);
    expect((await cancel()).json).toEqual({ order_id: other.json.order_id, status: "cancelled" });

    const move = { from_warehouse_id: t.north.id, to_warehouse_id: t.south.id, product_id: t.widget.id, quantity: 3 };
    for (const path of ["/transfer", "/transfer", "/transfer"]) {
      expect((await t.send("POST", path, { as: t.admin, headers: withKey("move-1"), body: move })).status).toBe(200);
    }
    // The same key on the other transfer path is another request.
    const otherPath = await t.send("POST", "/transfer-product", {
      as: t.admin,
      headers: withKey("move-1"),
      body: move,
    });
    expect(otherPath.status).toBe(422);
    expect(await stockOf(t, t.north.id, t.widget.id)).toEqual({ onHand: 6, reserved: 0 });
    expect(await stockOf(t, t.south.id, t.widget.id)).toEqual({ onHand: 8, reserved: 0 });
  });

  it("is documented as an optional header on every write", async () => {
    const t = await givenApp();
    const spec = (await t.send("GET", "/openapi.json")).json as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
    };
    const documented = Object.entries(spec.paths)
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.parameters?.some((p) => p.in === "header" && p.name === "Idempotency-Key"))
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented).toEqual(
      [
        "POST /checkout",
        "POST /orders/{id}/cancel",
        "POST /pay",
        "POST /transfer",
        "POST /transfer-product",
        "POST /users",
        "PATCH /users/{id}",
        "POST /me/password",
        "POST /products",
        "PATCH /products/{id}",
        "POST /warehouses",
        "PATCH /warehouses/{id}",
      ].sort(),
    );
  });
});
