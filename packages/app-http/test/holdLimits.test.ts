// POST /checkout past a customer's hold limits (10 pending units of one product, 5 pending orders).
import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

describe("POST /checkout and the hold limits", () => {
  it("answers 409 hold_limit_reached past 10 pending units of one product, reserving nothing", async () => {
    const t = await givenApp();
    const first = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 8 } });
    expect(first.status).toBe(201);

    const res = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 3 } });

    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      code: "hold_limit_reached",
      hold_limit: "pending_units_per_product",
      max: 10,
      product_id: t.widget.id,
    });
    expect(await t.ports.orders.list({ userId: t.alice.userId, limit: 10 })).toHaveLength(1);
    // Another customer is not held back by Alice's holds.
    const bobs = await t.send("POST", "/checkout", { as: t.bob, body: { product_id: t.widget.id, quantity: 3 } });
    expect(bobs.status).toBe(201);
  });

  it("answers 409 hold_limit_reached for a sixth pending order, and takes orders again once one is paid", async () => {
    const t = await givenApp();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
      expect(res.status).toBe(201);
      ids.push(Number(res.json.order_id));
    }

    const sixth = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    expect(sixth.status).toBe(409);
    expect(sixth.json).toMatchObject({ code: "hold_limit_reached", hold_limit: "pending_orders", max: 5 });

    expect((await t.send("POST", "/pay", { as: t.alice, body: { order_id: ids[0] } })).status).toBe(200);
    const again = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    expect(again.status).toBe(201);
  });
});
