import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

/** Ann has orders 1 (paid), 2 (pending) and 4 (pending); Bob has order 3 (cancelled). */
async function givenOrdersOfTwoCustomers() {
  const shop = createTestShop();
  const w = shop.givenWarehouse();
  const p = shop.givenProduct();
  await shop.givenStock(w, p, 100);
  const ann = await shop.givenCustomer();
  const bob = await shop.givenCustomer();
  const one = [{ product: p, quantity: 1 }];
  const o1 = await shop.givenOrder(ann, one);
  const o2 = await shop.givenOrder(ann, one);
  const o3 = await shop.givenOrder(bob, one);
  const o4 = await shop.givenOrder(ann, one);
  await shop.service.payOrder.execute({ actor: ann, orderId: o1.id });
  await shop.service.cancelOrder.execute({ actor: bob, orderId: o3.id });
  return { shop, ann, bob, ids: [o1.id, o2.id, o3.id, o4.id] as const };
}

describe("ListOrders", () => {
  it("shows a customer only their own orders", async () => {
    const { shop, ann, bob, ids } = await givenOrdersOfTwoCustomers();

    const anns = await shop.service.listOrders.execute({ actor: ann });

    expect(anns.map((o) => o.id)).toEqual([ids[0], ids[1], ids[3]]);
    expect(anns.every((o) => o.userId === ann.userId)).toBe(true);
    // Naming another user does not widen a customer's view.
    const sneaky = await shop.service.listOrders.execute({ actor: ann, userId: bob.userId });
    expect(sneaky.map((o) => o.id)).toEqual([ids[0], ids[1], ids[3]]);
  });

  it("shows an admin everyone's orders, optionally one user's", async () => {
    const { shop, bob, ids } = await givenOrdersOfTwoCustomers();
    const admin = await shop.givenAdmin();

    expect((await shop.service.listOrders.execute({ actor: admin })).map((o) => o.id)).toEqual([...ids]);
    expect((await shop.service.listOrders.execute({ actor: admin, userId: bob.userId })).map((o) => o.id)).toEqual([
      ids[2],
    ]);
  });

  it("filters by status", async () => {
    const { shop, ann, ids } = await givenOrdersOfTwoCustomers();
    const admin = await shop.givenAdmin();

    expect((await shop.service.listOrders.execute({ actor: ann, status: "pending" })).map((o) => o.id)).toEqual([
      ids[1],
      ids[3],
    ]);
    expect((await shop.service.listOrders.execute({ actor: admin, status: "cancelled" })).map((o) => o.id)).toEqual([
      ids[2],
    ]);
  });

  it("pages by id with limit and afterId", async () => {
    const { shop, ids } = await givenOrdersOfTwoCustomers();
    const admin = await shop.givenAdmin();

    const first = await shop.service.listOrders.execute({ actor: admin, limit: 3 });
    const rest = await shop.service.listOrders.execute({ actor: admin, limit: 3, afterId: ids[2] });

    expect(first.map((o) => o.id)).toEqual([ids[0], ids[1], ids[2]]);
    expect(rest.map((o) => o.id)).toEqual([ids[3]]);
  });

  it.each([{ status: "shipped" }, { limit: 0 }, { limit: 1000 }, { afterId: -1 }, { userId: "x" }])(
    "rejects %o as invalid_input",
    async (filter) => {
      const { shop } = await givenOrdersOfTwoCustomers();

      await expect(
        shop.service.listOrders.execute({ actor: await shop.givenAdmin(), ...(filter as object) }),
      ).rejects.toBeInstanceOf(InvalidInputError);
    },
  );
});
