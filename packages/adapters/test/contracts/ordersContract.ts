import type { NewOrder } from "@orders/domain";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

export function ordersContract(makeTarget: MakeTarget): void {
  describe("Orders contract", () => {
    let t: ContractTarget;
    let alice: number;
    let bob: number;
    let newOrder: (userId: number, expiresInSeconds?: number) => NewOrder;

    beforeEach(async () => {
      t = await makeTarget();
      alice = (await t.given.user({ email: "alice@example.com", phone: null, role: "customer", passwordHash: "h" })).id;
      bob = (await t.given.user({ email: "bob@example.com", phone: null, role: "customer", passwordHash: "h" })).id;
      const w = (await t.given.warehouse({ name: "W" })).id;
      const p = (await t.given.product({ sku: "P", name: "P", priceCents: 250 })).id;
      const q = (await t.given.product({ sku: "Q", name: "Q", priceCents: 100 })).id;
      // Orders are only ever stored with their reservation (Reservations.placePending).
      await t.ports.stock.adjust(w, p, 100);
      await t.ports.stock.adjust(w, q, 100);
      newOrder = (userId, expiresInSeconds = 300) => ({
        userId,
        totalCents: 600,
        lines: [
          { productId: q, warehouseId: w, quantity: 1, unitPriceCents: 100 },
          { productId: p, warehouseId: w, quantity: 2, unitPriceCents: 250 },
        ],
        createdAt: at(0),
        expiresAt: at(expiresInSeconds),
      });
    });

    it("finds a pending order stored by checkout, with its lines, by id", async () => {
      const input = newOrder(alice);
      const created = await t.ports.reservations.placePending(input);
      expect(created).toEqual({ ...input, id: created.id, status: "pending", closedAt: null });
      expect(await t.ports.orders.findById(created.id)).toEqual(created);
      expect(await t.ports.orders.findById(created.id + 100)).toBeNull();
    });

    it("lists orders by id, filtered by user and status, a page at a time", async () => {
      const a1 = await t.ports.reservations.placePending(newOrder(alice));
      const b1 = await t.ports.reservations.placePending(newOrder(bob));
      const a2 = await t.ports.reservations.placePending(newOrder(alice));
      const a3 = await t.ports.reservations.placePending(newOrder(alice));
      await t.ports.orders.close(a2.id, "cancelled", at(10));
      const ids = async (query: Parameters<typeof t.ports.orders.list>[0]) =>
        (await t.ports.orders.list(query)).map((o) => o.id);
      expect(await ids({ limit: 10 })).toEqual([a1.id, b1.id, a2.id, a3.id]);
      expect(await ids({ limit: 10, userId: alice })).toEqual([a1.id, a2.id, a3.id]);
      expect(await ids({ limit: 10, userId: alice, status: "pending" })).toEqual([a1.id, a3.id]);
      expect(await ids({ limit: 1, userId: alice, afterId: a1.id })).toEqual([a2.id]);
      expect(await ids({ limit: 10, status: "paid" })).toEqual([]);
    });

    it("closes a pending order once, recording when", async () => {
      const order = await t.ports.reservations.placePending(newOrder(alice));
      await t.ports.orders.close(order.id, "paid", at(5));
      expect(await t.ports.orders.findById(order.id)).toEqual({ ...order, status: "paid", closedAt: at(5) });
      await expect(t.ports.orders.close(order.id, "expired", at(6))).rejects.toThrow();
      await expect(t.ports.orders.close(order.id + 100, "expired", at(6))).rejects.toThrow();
      expect((await t.ports.orders.findById(order.id))?.status).toBe("paid");
    });

    it("closes many pending orders at once, recording when, and leaves the others", async () => {
      const a = await t.ports.reservations.placePending(newOrder(alice));
      const b = await t.ports.reservations.placePending(newOrder(bob));
      const c = await t.ports.reservations.placePending(newOrder(alice));
      await t.ports.orders.closeMany([], "expired", at(6));
      await t.ports.orders.closeMany([c.id, a.id], "expired", at(7));
      expect(await t.ports.orders.findById(a.id)).toEqual({ ...a, status: "expired", closedAt: at(7) });
      expect(await t.ports.orders.findById(c.id)).toEqual({ ...c, status: "expired", closedAt: at(7) });
      expect(await t.ports.orders.findById(b.id)).toEqual(b);
    });

    it("closes none of many orders when one is not pending, unknown or listed twice", async () => {
      const a = await t.ports.reservations.placePending(newOrder(alice));
      const paid = await t.ports.reservations.placePending(newOrder(bob));
      await t.ports.orders.close(paid.id, "paid", at(5));
      await expect(t.ports.orders.closeMany([a.id, paid.id], "expired", at(6))).rejects.toThrow();
      await expect(t.ports.orders.closeMany([a.id, paid.id + 100], "expired", at(6))).rejects.toThrow();
      await expect(t.ports.orders.closeMany([a.id, a.id], "expired", at(6))).rejects.toThrow();
      expect(await t.ports.orders.findById(a.id)).toEqual(a);
      expect((await t.ports.orders.findById(paid.id))?.status).toBe("paid");
    });

    it("locks an order inside a unit of work, or answers null", async () => {
      const order = await t.ports.reservations.placePending(newOrder(alice));
      expect(await t.ports.unitOfWork.run((tx) => tx.orders.lock(order.id))).toEqual(order);
      expect(await t.ports.unitOfWork.run((tx) => tx.orders.lock(order.id + 100))).toBeNull();
    });

    it("locks overdue pending orders, earliest deadline first, up to the limit", async () => {
      const late = await t.ports.reservations.placePending(newOrder(alice, 60));
      const early = await t.ports.reservations.placePending(newOrder(bob, 30));
      const closed = await t.ports.reservations.placePending(newOrder(alice, 10));
      await t.ports.reservations.placePending(newOrder(alice, 600));
      await t.ports.orders.close(closed.id, "cancelled", at(1));
      const overdue = await t.ports.unitOfWork.run((tx) => tx.orders.lockOverdue(at(60), 10));
      expect(overdue.map((o) => o.id)).toEqual([early.id, late.id]);
      const first = await t.ports.unitOfWork.run((tx) => tx.orders.lockOverdue(at(60), 1));
      expect(first).toEqual([early]);
    });
  });
}
