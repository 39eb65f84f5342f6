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

    it("locks the existing warehouses among the ids, once each, in id order", async () => {
      const a = await t.given.warehouse({ name: "A" });
      const b = await t.given.warehouse({ name: "B" });
      const locked = await t.ports.unitOfWork.run((tx) => tx.warehouses.lock([b.id, 999, a.id, b.id]));
      expect(locked).toEqual([a, b]);
    });
  });
}
