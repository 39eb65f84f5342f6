import { describe, expect, it } from "vitest";
import {
  ForbiddenError,
  InsufficientStockError,
  MAX_NOTE_LENGTH,
  MAX_ON_HAND,
  MAX_RECEIPT_LINES,
  MAX_REFERENCE_LENGTH,
  ProductNotFoundError,
  StockLimitError,
  WarehouseNotFoundError,
} from "../src/index.js";
import { createTestShop } from "./support/createTestShop.js";

async function givenShop() {
  const shop = createTestShop();
  const w = shop.givenWarehouse();
  const p = shop.givenProduct();
  const q = shop.givenProduct();
  await shop.givenStock(w, p, 10);
  const admin = await shop.givenAdmin();
  const customer = await shop.givenCustomer();
  return { shop, w, p, q, admin, customer };
}

describe("ReceiveStock", () => {
  it("adds every line to on_hand with one receive row per line naming the receipt, reference and admin", async () => {
    const { shop, w, p, q, admin } = await givenShop();
    const lines = [
      { productId: q.id, quantity: 3 },
      { productId: p.id, quantity: 5 },
    ];
    const receipt = await shop.service.receiveStock.execute({
      actor: admin,
      warehouseId: w.id,
      lines,
      reference: "PO-7",
    });
    expect(receipt).toEqual({ receiptId: 1, warehouseId: w.id, lines, reference: "PO-7" });
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 15, reserved: 0 });
    expect(await shop.stockAt(w, q)).toEqual({ onHand: 3, reserved: 0 });
    const rows = await shop.ports.stock.movements({ kind: "receive" });
    expect(rows.map((m) => [m.productId, m.onHandDelta, m.receiptId, m.actorUserId, m.reference])).toEqual([
      [q.id, 3, 1, admin.userId, "PO-7"],
      [p.id, 5, 1, admin.userId, "PO-7"],
    ]);
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("refuses a customer, unknown ids, a product on two lines and a line past the row limit, writing nothing", async () => {
    const { shop, w, p, q, admin, customer } = await givenShop();
    const line = { productId: p.id, quantity: 1 };
    const receive = (input: Record<string, unknown>) =>
      shop.service.receiveStock.execute({ actor: admin, warehouseId: w.id, lines: [line], ...input } as never);
    await expect(receive({ actor: customer })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(receive({ warehouseId: 99 })).rejects.toBeInstanceOf(WarehouseNotFoundError);
    await expect(receive({ lines: [line, { productId: 98, quantity: 1 }] })).rejects.toMatchObject({
      code: "product_not_found",
      details: { product_id: 98 },
    });
    await expect(receive({ lines: [line, { ...line, quantity: 2 }] })).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "lines[1].product_id" },
    });
    await shop.givenStock(w, q, MAX_ON_HAND);
    await expect(receive({ lines: [line, { productId: q.id, quantity: 1 }] })).rejects.toBeInstanceOf(StockLimitError);
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
    expect(await shop.ports.stock.movements({ kind: "receive" })).toEqual([]);
  });

  it.each([
    ["warehouse_id", { warehouseId: 0 }],
    ["lines", { lines: [] }],
    ["lines", { lines: "x" }],
    ["lines", { lines: Array.from({ length: MAX_RECEIPT_LINES + 1 }, (_, i) => ({ productId: i + 1, quantity: 1 })) }],
    ["lines[0].product_id", { lines: [{ productId: "1", quantity: 1 }] }],
    ["lines[0].product_id", { lines: [null] }],
    ["lines[0].quantity", { lines: [{ productId: 1, quantity: 0 }] }],
    ["reference", { reference: "" }],
    ["reference", { reference: "r".repeat(MAX_REFERENCE_LENGTH + 1) }],
    ["reference", { reference: 1 }],
  ])("refuses a bad %s", async (field, input) => {
    const { shop, w, p, admin } = await givenShop();
    await expect(
      shop.service.receiveStock.execute({
        actor: admin,
        warehouseId: w.id,
        lines: [{ productId: p.id, quantity: 1 }],
        ...input,
      } as never),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field } });
  });
});

describe("AdjustStock", () => {
  it("moves on_hand by a delta and sets it to a count, each row naming the admin, reason and note", async () => {
    const { shop, w, p, q, admin, customer } = await givenShop();
    await shop.givenOrder(customer, [{ product: p, quantity: 4 }]);
    const byDelta = await shop.service.adjustStock.execute({
      actor: admin,
      warehouseId: w.id,
      productId: p.id,
      reason: "damaged",
      delta: -2,
      note: "crushed",
    });
    expect(byDelta).toEqual({ warehouseId: w.id, productId: p.id, onHand: 8, reserved: 4 });
    const byCount = await shop.service.adjustStock.execute({
      actor: admin,
      warehouseId: w.id,
      productId: p.id,
      reason: "count",
      countedQuantity: 4,
    });
    expect(byCount).toEqual({ warehouseId: w.id, productId: p.id, onHand: 4, reserved: 4 });
    const fresh = await shop.service.adjustStock.execute({
      actor: admin,
      warehouseId: w.id,
      productId: q.id,
      reason: "found",
      countedQuantity: 6,
    });
    expect(fresh).toEqual({ warehouseId: w.id, productId: q.id, onHand: 6, reserved: 0 });
    const rows = await shop.ports.stock.movements({ kind: "adjust", afterId: 1 });
    expect(rows.map((m) => [m.productId, m.onHandDelta, m.actorUserId, m.reason, m.note])).toEqual([
      [p.id, -2, admin.userId, "damaged", "crushed"],
      [p.id, -4, admin.userId, "count", null],
      [q.id, 6, admin.userId, "found", null],
    ]);
    expect(await shop.replayedStock()).toEqual(await shop.currentStock());
  });

  it("refuses to take on_hand below reserved, by delta or count, and past the row limit", async () => {
    const { shop, w, p, admin, customer } = await givenShop();
    await shop.givenOrder(customer, [{ product: p, quantity: 4 }]);
    const base = { actor: admin, warehouseId: w.id, productId: p.id, reason: "lost" as const };
    await expect(shop.service.adjustStock.execute({ ...base, delta: -7 })).rejects.toMatchObject({
      code: "insufficient_stock",
      requested: 7,
      available: 6,
      warehouseId: w.id,
    });
    await expect(shop.service.adjustStock.execute({ ...base, countedQuantity: 3 })).rejects.toBeInstanceOf(
      InsufficientStockError,
    );
    await expect(shop.service.adjustStock.execute({ ...base, countedQuantity: MAX_ON_HAND })).resolves.toMatchObject({
      onHand: MAX_ON_HAND,
    });
    await expect(shop.service.adjustStock.execute({ ...base, delta: 1 })).rejects.toBeInstanceOf(StockLimitError);
    await expect(shop.service.adjustStock.execute({ ...base, actor: customer, delta: 1 })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(shop.service.adjustStock.execute({ ...base, warehouseId: 9, delta: 1 })).rejects.toBeInstanceOf(
      WarehouseNotFoundError,
    );
    await expect(shop.service.adjustStock.execute({ ...base, productId: 9, delta: 1 })).rejects.toBeInstanceOf(
      ProductNotFoundError,
    );
  });

  it.each([
    ["warehouse_id", { warehouseId: -1 }],
    ["product_id", { productId: 1.5 }],
    ["reason", { reason: "import" }],
    ["reason", { reason: undefined }],
    ["counted_quantity", { countedQuantity: undefined }],
    ["counted_quantity", { delta: 1 }],
    ["counted_quantity", { countedQuantity: -1 }],
    ["counted_quantity", { countedQuantity: MAX_ON_HAND + 1 }],
    ["counted_quantity", { countedQuantity: "3" }],
    ["delta", { countedQuantity: undefined, delta: 0 }],
    ["delta", { countedQuantity: undefined, delta: 1_000_001 }],
    ["delta", { countedQuantity: undefined, delta: Number.NaN }],
    ["note", { note: "" }],
    ["note", { note: "n".repeat(MAX_NOTE_LENGTH + 1) }],
  ])("refuses a bad %s", async (field, input) => {
    const { shop, w, p, admin } = await givenShop();
    const base = { actor: admin, warehouseId: w.id, productId: p.id, reason: "count", countedQuantity: 3 };
    await expect(shop.service.adjustStock.execute({ ...base, ...input } as never)).rejects.toMatchObject({
      code: "invalid_input",
      details: { field },
    });
    expect(await shop.stockAt(w, p)).toEqual({ onHand: 10, reserved: 0 });
  });
});

describe("ListMovements", () => {
  it("answers an admin the ledger by id with every filter, and refuses a customer and bad filters", async () => {
    const { shop, w, p, admin, customer } = await givenShop();
    const order = await shop.givenOrder(customer, [{ product: p, quantity: 1 }]);
    const list = (input: Record<string, unknown> = {}) =>
      shop.service.listMovements.execute({ actor: admin, ...input } as never);
    expect((await list()).map((m) => m.kind)).toEqual(["adjust", "reserve"]);
    expect((await list({ orderId: order.id })).map((m) => m.actorUserId)).toEqual([customer.userId]);
    expect((await list({ warehouseId: w.id, productId: p.id, kind: "adjust" })).map((m) => m.id)).toEqual([1]);
    expect((await list({ limit: 1, afterId: 1 })).map((m) => m.id)).toEqual([2]);
    const now = shop.clock.now();
    expect(await list({ since: new Date(now.getTime() + 1) })).toEqual([]);
    expect(await list({ until: now })).toEqual([]);
    await expect(list({ actor: customer })).rejects.toBeInstanceOf(ForbiddenError);
    for (const [field, input] of [
      ["kind", { kind: "stolen" }],
      ["warehouse_id", { warehouseId: 0 }],
      ["product_id", { productId: "1" }],
      ["order_id", { orderId: -1 }],
      ["since", { since: new Date(Number.NaN) }],
      ["until", { until: "2026-01-01" }],
      ["until", { since: now, until: now }],
      ["limit", { limit: 0 }],
      ["after_id", { afterId: 0 }],
    ] as const) {
      await expect(list(input), field).rejects.toMatchObject({ code: "invalid_input", details: { field } });
    }
  });
});

describe("who a ledger row names", () => {
  it("the customer for checkout and pay, the canceller, the late payer, nobody for the worker, the admin for transfers", async () => {
    const { shop, w, p, admin, customer } = await givenShop();
    const other = shop.givenWarehouse();
    const paid = await shop.givenOrder(customer, [{ product: p, quantity: 1 }]);
    await shop.service.payOrder.execute({ actor: customer, orderId: paid.id });
    const cancelledByAdmin = await shop.givenOrder(customer, [{ product: p, quantity: 1 }]);
    await shop.service.cancelOrder.execute({ actor: admin, orderId: cancelledByAdmin.id });
    const expired = await shop.givenOrder(customer, [{ product: p, quantity: 1 }]);
    const swept = await shop.givenOrder(customer, [{ product: p, quantity: 1 }]);
    shop.clock.advanceSeconds(301);
    await shop.service.expireReservation.execute({ orderId: expired.id });
    await shop.service.expireOverdueReservations.execute({ limit: 10 });
    const paidLate = await shop.givenOrder(customer, [{ product: p, quantity: 1 }]);
    shop.clock.advanceSeconds(301);
    await expect(shop.service.payOrder.execute({ actor: customer, orderId: paidLate.id })).rejects.toMatchObject({
      code: "reservation_expired",
    });
    await shop.service.transferStock.execute({
      actor: admin,
      fromWarehouseId: w.id,
      toWarehouseId: other.id,
      productId: p.id,
      quantity: 1,
    });
    const rows = await shop.ports.stock.movements({ afterId: 1 });
    expect(rows.map((m) => [m.kind, m.orderId, m.actorUserId])).toEqual([
      ["reserve", paid.id, customer.userId],
      ["sale", paid.id, customer.userId],
      ["reserve", cancelledByAdmin.id, customer.userId],
      ["release", cancelledByAdmin.id, admin.userId],
      ["reserve", expired.id, customer.userId],
      ["reserve", swept.id, customer.userId],
      ["release", expired.id, null],
      ["release", swept.id, null],
      ["reserve", paidLate.id, customer.userId],
      ["release", paidLate.id, customer.userId],
      ["transfer_out", null, admin.userId],
      ["transfer_in", null, admin.userId],
    ]);
  });
});
