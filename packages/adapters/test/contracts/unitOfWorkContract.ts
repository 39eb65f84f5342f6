import type { Order } from "@orders/domain";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");

export function unitOfWorkContract(makeTarget: MakeTarget): void {
  describe("UnitOfWork contract", () => {
    let t: ContractTarget;
    let userId: number;
    let w: number;
    let p: number;

    beforeEach(async () => {
      t = await makeTarget();
      userId = (await t.given.user({ email: "u@example.com", phone: null, role: "customer", passwordHash: "h" })).id;
      w = (await t.given.warehouse({ name: "W" })).id;
      p = (await t.given.product({ sku: "P", name: "P", priceCents: 100 })).id;
      await t.ports.stock.adjust(w, p, 5);
    });

    const newOrder = (quantity: number) => ({
      userId,
      totalCents: 100 * quantity,
      lines: [{ productId: p, warehouseId: w, quantity, unitPriceCents: 100 }],
      createdAt: T0,
      expiresAt: new Date(T0.getTime() + 60_000),
    });

    /** Checkout inside a unit of work, optionally followed by a stock count that shrinks on_hand. */
    const checkout = (quantity: number, thenShrinkBy = 0) =>
      t.ports.unitOfWork.run(async (tx) => {
        const order = await tx.reservations.placePending(newOrder(quantity));
        // Taking on_hand below what is now reserved fails after the checkout's statement succeeded.
        if (thenShrinkBy > 0) await tx.stock.adjust(w, p, -thenShrinkBy);
        return order;
      });

    it("commits every write of a unit that succeeds, and answers its result", async () => {
      const order = await checkout(2);
      expect(await t.ports.orders.findById(order.id)).toEqual(order);
      const [level] = await t.ports.catalog.levels({ productIds: [p] });
      expect(level?.reserved).toBe(2);
    });

    it("undoes every write of a unit that throws", async () => {
      await expect(checkout(2, 4)).rejects.toMatchObject({ code: "insufficient_stock" });
      await expect(
        t.ports.unitOfWork.run(async (tx) => {
          await tx.stock.adjust(w, p, 10);
          await tx.warehouses.setStatus(w, "inactive");
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await t.ports.orders.list({ limit: 10 })).toEqual([]);
      expect(await t.ports.catalog.levels({})).toEqual([
        { warehouseId: w, productId: p, warehouseStatus: "active", warehousePriority: w, onHand: 5, reserved: 0 },
      ]);
      expect(await t.ports.stock.movements({})).toHaveLength(1);
    });

    it("runs units that lock the same order one after another: only one closes it", async () => {
      const order = await checkout(1);
      const closeIfPending = (status: "paid" | "expired") =>
        t.ports.unitOfWork.run(async (tx) => {
          const locked = (await tx.orders.lock(order.id)) as Order;
          if (locked.status !== "pending") return false;
          await tx.reservations[status === "paid" ? "settle" : "release"](order.id, locked.lines, null);
          await tx.orders.close(order.id, status, T0);
          return true;
        });
      const results = await Promise.all([closeIfPending("paid"), closeIfPending("expired"), closeIfPending("paid")]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const [level] = await t.ports.catalog.levels({ productIds: [p] });
      expect(level?.reserved).toBe(0);
    });
  });
}
