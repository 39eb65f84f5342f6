// What every Warehouses adapter must do: list by priority, find, create, change, set status, lock.
import { MAX_WAREHOUSE_PRIORITY } from "@orders/domain";
import { beforeEach, describe, expect, it } from "vitest";
import type { ContractTarget, MakeTarget } from "./ContractTarget.js";

export function warehousesContract(makeTarget: MakeTarget): void {
  describe("Warehouses contract", () => {
    let t: ContractTarget;
    beforeEach(async () => {
      t = await makeTarget();
    });

    it("lists warehouses by priority, then id", async () => {
      const a = await t.given.warehouse({ name: "A", priority: 5 });
      const b = await t.given.warehouse({ name: "B", priority: 1 });
      const c = await t.given.warehouse({ name: "C", priority: 5, status: "inactive" });
      expect(await t.ports.warehouses.list()).toEqual([b, a, c]);
    });

    it("finds a warehouse by id, or null", async () => {
      const a = await t.given.warehouse({ name: "A" });
      expect(await t.ports.warehouses.findById(a.id)).toEqual(a);
      expect(await t.ports.warehouses.findById(a.id + 100)).toBeNull();
    });

    it("sets the status and answers the updated warehouse, or null when there is none", async () => {
      const a = await t.given.warehouse({ name: "A" });
      expect(await t.ports.warehouses.setStatus(a.id, "inactive")).toEqual({ ...a, status: "inactive" });
      expect(await t.ports.warehouses.findById(a.id)).toEqual({ ...a, status: "inactive" });
      expect(await t.ports.warehouses.setStatus(a.id + 100, "active")).toBeNull();
    });

    it("creates a warehouse with the priority given, or one more than the highest (0 for the first)", async () => {
      const first = await t.ports.warehouses.create({ name: "First", status: "active" });
      expect(first).toEqual({ id: expect.any(Number), name: "First", status: "active", priority: 0 });
      const chosen = await t.ports.warehouses.create({ name: "Chosen", status: "inactive", priority: 40 });
      expect(chosen).toEqual({ id: expect.any(Number), name: "Chosen", status: "inactive", priority: 40 });
      const next = await t.ports.warehouses.create({ name: "Next", status: "active" });
      expect(next.priority).toBe(41);
      expect(await t.ports.warehouses.list()).toEqual([first, chosen, next]);
      expect(await t.ports.warehouses.findById(next.id)).toEqual(next);
    });

    it("never gives a new warehouse a priority past the highest allowed", async () => {
      await t.ports.warehouses.create({ name: "Last", status: "active", priority: MAX_WAREHOUSE_PRIORITY });
      const after = await t.ports.warehouses.create({ name: "After", status: "active" });
      expect(after.priority).toBe(MAX_WAREHOUSE_PRIORITY);
    });

    it("changes name and priority, only the ones given, or answers null when there is none", async () => {
      const a = await t.given.warehouse({ name: "A", priority: 3 });
      expect(await t.ports.warehouses.update(a.id, { name: "Renamed" })).toEqual({ ...a, name: "Renamed" });
      expect(await t.ports.warehouses.update(a.id, { priority: 9 })).toEqual({ ...a, name: "Renamed", priority: 9 });
      expect(await t.ports.warehouses.findById(a.id)).toEqual({ ...a, name: "Renamed", priority: 9 });
      expect(await t.ports.warehouses.update(a.id + 100, { name: "X" })).toBeNull();
    });

    it("locks the existing warehouses among the ids, once each, in id order", async () => {
      const a = await t.given.warehouse({ name: "A" });
      const b = await t.given.warehouse({ name: "B" });
      const locked = await t.ports.unitOfWork.run((tx) => tx.warehouses.lock([b.id, 999, a.id, b.id]));
      expect(locked).toEqual([a, b]);
    });
  });
}
