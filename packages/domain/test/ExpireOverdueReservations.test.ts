import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/index.js";
import { createTestShop, TTL_SECONDS } from "./support/createTestShop.js";

/** Three pending orders of 1, 2 and 3 units, placed 10 s apart. */
async function givenThreeOrders() {
  const shop = createTestShop();
  const w = shop.givenWarehouse();
  const p = shop.givenProduct();
  await shop.givenStock(w, p, 10);
  const owner = await shop.givenCustomer();
  const orders = [];
  for (const quantity of [1, 2, 3]) {
    orders.push(await shop.givenOrder(owner, [{ product: p, quantity }]));
    shop.clock.advanceSeconds(10);
  }
  return { shop, w, p, owner, orders };
}

describe("ExpireOverdueReservations", () => {
  it("expires every overdue pending order, oldest first, and leaves the rest", async () => {
    const { shop, w, p, orders } = await givenThreeOrders();
    // Now 30 s after the first order: the first two are overdue by 15 s and 5 s.
    shop.clock.advanceSeconds(TTL_SECONDS - 15);

    const swept = await shop.service.expireOverdueReservations.execute({ limit: 10 });

    expect(swept).toEqual([
      { orderId: orders[0]?.id, lagMs: 15_000 },
      { orderId: orders[1]?.id, lagMs: 5_000 },
    ]);
    expect((await shop.allOrders()).map((o) => o.status)).toEqual(["expired", "expired", "pending"]);
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 3 });
    expect([...shop.ports.timer.due.keys()]).toEqual([orders[2]?.id]);
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("expires at most `limit` orders per call, and the next call takes the rest", async () => {
    const { shop, w, p } = await givenThreeOrders();
    shop.clock.advanceSeconds(TTL_SECONDS);

    expect(await shop.service.expireOverdueReservations.execute({ limit: 2 })).toHaveLength(2);
    expect((await shop.allOrders()).map((o) => o.status)).toEqual(["expired", "expired", "pending"]);
    expect(await shop.service.expireOverdueReservations.execute({ limit: 2 })).toHaveLength(1);
    expect(await shop.service.expireOverdueReservations.execute({ limit: 2 })).toEqual([]);
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("skips paid and cancelled orders", async () => {
    const { shop, w, p, owner, orders } = await givenThreeOrders();
    await shop.service.payOrder.execute({ actor: owner, orderId: orders[0]?.id ?? 0 });
    await shop.service.cancelOrder.execute({ actor: owner, orderId: orders[1]?.id ?? 0 });
    shop.clock.advanceSeconds(TTL_SECONDS);

    const swept = await shop.service.expireOverdueReservations.execute({ limit: 10 });

    expect(swept.map((s) => s.orderId)).toEqual([orders[2]?.id]);
    expect((await shop.allOrders()).map((o) => o.status)).toEqual(["paid", "cancelled", "expired"]);
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 9, reserved: 0 });
  });

  it("writes the same ledger rows, stock and statuses as expiring each order on its own", async () => {
    // Two identical shops: orders of one and two lines in two warehouses, all overdue.
    const build = async () => {
      const shop = createTestShop();
      const w1 = shop.givenWarehouse();
      const w2 = shop.givenWarehouse();
      const p = shop.givenProduct();
      const q = shop.givenProduct();
      for (const w of [w1, w2]) {
        await shop.givenStock(w, p, 20);
        await shop.givenStock(w, q, 20);
      }
      const owner = await shop.givenCustomer();
      await shop.givenOrder(owner, [{ product: p, quantity: 2 }], w1);
      await shop.givenOrder(
        owner,
        [
          { product: q, quantity: 1 },
          { product: p, quantity: 3 },
        ],
        w2,
      );
      await shop.givenOrder(
        owner,
        [
          { product: p, quantity: 1 },
          { product: q, quantity: 4 },
        ],
        w1,
      );
      shop.clock.advanceSeconds(TTL_SECONDS + 1);
      return shop;
    };
    const batched = await build();
    const oneByOne = await build();

    await batched.service.expireOverdueReservations.execute({ limit: 10 });
    for (const order of await oneByOne.allOrders()) {
      await oneByOne.service.expireReservation.execute({ orderId: order.id });
    }

    const ledger = async (shop: typeof batched) =>
      (await shop.ports.stock.movements({})).map(({ id: _, createdAt: __, ...row }) => row);
    const releases = (await ledger(batched)).filter((m) => m.kind === "release");
    expect(releases).toHaveLength(5);
    expect(await ledger(batched)).toEqual(await ledger(oneByOne));
    expect(await batched.currentStock()).toEqual(await oneByOne.currentStock());
    expect(await batched.allOrders()).toEqual(await oneByOne.allOrders());
    expect((await batched.allOrders()).map((o) => o.status)).toEqual(["expired", "expired", "expired"]);
    expect(await batched.replayedStock()).toEqual(await batched.currentStock());
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "10", undefined])(
    "rejects the limit %s as invalid_input and expires nothing",
    async (limit) => {
      const { shop } = await givenThreeOrders();
      shop.clock.advanceSeconds(TTL_SECONDS);

      await expect(shop.service.expireOverdueReservations.execute({ limit: limit as never })).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      expect((await shop.allOrders()).map((o) => o.status)).toEqual(["pending", "pending", "pending"]);
    },
  );
});
