import { describe, expect, it } from "vitest";
import { createOrderService, replayLedger } from "../src/index.js";
import { createInMemoryPorts } from "../src/testing/index.js";

describe("smoke", () => {
  it("checks out and pays", async () => {
    const ports = createInMemoryPorts();
    const w1 = ports.db.addWarehouse({ name: "A" });
    const p = ports.db.addProduct({ sku: "S", name: "P", priceCents: 250 });
    await ports.stock.adjust(w1.id, p.id, 5);
    const service = createOrderService(ports);
    const actor = { userId: 1, role: "customer" as const };
    const order = await service.placeOrder.execute({ actor, items: [{ productId: p.id, quantity: 2 }] });
    expect(order.totalCents).toBe(500);
    await service.payOrder.execute({ actor, orderId: order.id });
    const [level] = await ports.stock.levels({});
    expect(level).toMatchObject({ onHand: 3, reserved: 0 });
    expect(replayLedger(await ports.stock.movements({}))).toEqual([
      { warehouseId: 1, productId: 1, onHand: 3, reserved: 0 },
    ]);
  });
});
