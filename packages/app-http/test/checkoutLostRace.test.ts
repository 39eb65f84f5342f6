import { type NewOrder, StorageUnavailableError } from "@orders/domain";
import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

const pgError = (code: string) => Object.assign(new Error(`pg error ${code}`), { code });

describe("POST /checkout that loses a race", () => {
  it("answers 503 storage_unavailable with Retry-After when the store gave up (say, a deadlock that outlived its retries)", async () => {
    const t = await givenApp({
      wrapPlacePending: () => async () => {
        throw new StorageUnavailableError(pgError("40P01"));
      },
    });

    const res = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });

    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("1");
    expect(res.json).toEqual({
      error: "storage is unavailable, retry later",
      code: "storage_unavailable",
      retry_after_seconds: 1,
    });
  });

  it("answers 409 insufficient_stock, not 500, when a rival takes the planned units first", async () => {
    const t = await givenApp({
      wrapPlacePending: (inner) => async (order: NewOrder) => {
        await inner({ ...order, userId: t.bob.userId });
        return inner(order);
      },
    });

    // North has 10 and South 5: the rival leaves North 4 of the 6 planned, and no plan is left.
    const res = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 6 } });

    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: "insufficient_stock", product_id: t.widget.id });
    expect(await t.ports.orders.list({ userId: t.alice.userId, limit: 10 })).toEqual([]);
  });
});
