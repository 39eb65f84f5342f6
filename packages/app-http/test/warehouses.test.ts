import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

describe("transfers", () => {
  it.each(["/transfer", "/transfer-product"])(
    "POST %s moves available units between warehouses (admin)",
    async (path) => {
      const t = await givenApp();
      const body = { from_warehouse_id: t.north.id, to_warehouse_id: t.south.id, product_id: t.widget.id, quantity: 4 };
      const res = await t.send("POST", path, { as: t.admin, body });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ transfer_id: expect.any(Number), ...body });
      const levels = await t.ports.catalog.levels({ productIds: [t.widget.id] });
      expect(levels.map((l) => [l.warehouseId, l.onHand])).toEqual([
        [t.north.id, 6],
        [t.south.id, 9],
      ]);
    },
  );

  it("answers 409 insufficient_stock, 409 warehouse_inactive, 404 for unknown ids, 400 for the same warehouse", async () => {
    const t = await givenApp();
    const base = { from_warehouse_id: t.north.id, to_warehouse_id: t.south.id, product_id: t.widget.id, quantity: 1 };
    const tooMany = await t.send("POST", "/transfer", { as: t.admin, body: { ...base, quantity: 11 } });
    expect(tooMany.status).toBe(409);
    expect(tooMany.json).toMatchObject({ code: "insufficient_stock", available: 10, warehouse_id: t.north.id });
    const product = await t.send("POST", "/transfer", { as: t.admin, body: { ...base, product_id: 99 } });
    expect(product.json).toMatchObject({ code: "product_not_found" });
    expect(product.status).toBe(404);
    const warehouse = await t.send("POST", "/transfer", { as: t.admin, body: { ...base, to_warehouse_id: 99 } });
    expect(warehouse.status).toBe(404);
    expect(warehouse.json).toMatchObject({ code: "warehouse_not_found", warehouse_id: 99 });
    const same = await t.send("POST", "/transfer", { as: t.admin, body: { ...base, to_warehouse_id: t.north.id } });
    expect(same.status).toBe(400);
    expect(same.json).toMatchObject({ code: "invalid_input", field: "to_warehouse_id" });
    await t.ports.warehouses.setStatus(t.south.id, "inactive");
    const inactive = await t.send("POST", "/transfer", { as: t.admin, body: base });
    expect(inactive.status).toBe(409);
    expect(inactive.json).toMatchObject({ code: "warehouse_inactive", warehouse_id: t.south.id });
  });
});

describe("warehouses", () => {
  it.each([
    ["inactive", "inactive"],
    ["deactive", "inactive"],
    ["active", "active"],
  ])("POST /warehouse/{id}/update-status with %s sets it %s", async (sent, stored) => {
    const t = await givenApp();
    const res = await t.send("POST", `/warehouse/${t.north.id}/update-status`, { as: t.admin, body: { status: sent } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: t.north.id, name: "North", status: stored });
    expect((await t.ports.warehouses.findById(t.north.id))?.status).toBe(stored);
  });

  it("update-status answers 404 for an unknown warehouse and 400 for an unknown status or id", async () => {
    const t = await givenApp();
    const unknown = await t.send("POST", "/warehouse/99/update-status", { as: t.admin, body: { status: "active" } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe("warehouse_not_found");
    const badStatus = await t.send("POST", "/warehouse/1/update-status", { as: t.admin, body: { status: "closed" } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.json).toMatchObject({
      code: "invalid_input",
      field: "status",
      error: "status: must be active or inactive",
    });
    const badId = await t.send("POST", "/warehouse/x1/update-status", { as: t.admin, body: { status: "active" } });
    expect(badId.status).toBe(400);
    expect(badId.json).toMatchObject({ code: "invalid_input", field: "id" });
  });

  it("an inactive warehouse's stock stops counting in GET /products", async () => {
    const t = await givenApp();
    const before = await t.send("GET", "/products", { as: t.alice });
    expect(before.list.map(({ id, available }) => ({ id, available }))).toEqual([
      { id: t.widget.id, available: 15 },
      { id: t.gadget.id, available: 3 },
    ]);
    await t.send("POST", `/warehouse/${t.south.id}/update-status`, { as: t.admin, body: { status: "deactive" } });
    const after = await t.send("GET", "/products", { as: t.alice });
    expect(after.list[0]).toMatchObject({ id: t.widget.id, available: 10 });
  });

  it("GET /products pages by limit and after_id, and refuses a bad limit", async () => {
    const t = await givenApp();
    const first = await t.send("GET", "/products?limit=1", { as: t.alice });
    expect(first.list.map((p) => p.id)).toEqual([t.widget.id]);
    const next = await t.send("GET", `/products?limit=1&after_id=${t.widget.id}`, { as: t.alice });
    expect(next.list.map((p) => p.id)).toEqual([t.gadget.id]);
    const bad = await t.send("GET", "/products?limit=-5", { as: t.alice });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: "invalid_input", field: "limit" });
  });

  it("GET /warehouses lists every warehouse to any signed-in user", async () => {
    const t = await givenApp();
    const res = await t.send("GET", "/warehouses", { as: t.alice });
    expect(res.status).toBe(200);
    expect(res.list).toEqual([
      { id: t.north.id, name: "North", status: "active", priority: 1 },
      { id: t.south.id, name: "South", status: "active", priority: 2 },
    ]);
  });

  it("GET /warehouses/{id}/stock shows on hand, reserved and available to an admin; 404 for an unknown one", async () => {
    const t = await givenApp();
    await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 2 } });
    const res = await t.send("GET", `/warehouses/${t.north.id}/stock`, { as: t.admin });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: t.north.id,
      name: "North",
      status: "active",
      stock: [
        { product_id: t.widget.id, on_hand: 10, reserved: 2, available: 8 },
        { product_id: t.gadget.id, on_hand: 3, reserved: 0, available: 3 },
      ],
    });
    const unknown = await t.send("GET", "/warehouses/99/stock", { as: t.admin });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe("warehouse_not_found");
  });
});

describe("POST /warehouses and PATCH /warehouses/{id}", () => {
  it("creates an active warehouse served after the others: 201 with its Location", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/warehouses", { as: t.admin, body: { name: "Bandung" } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(Number), name: "Bandung", status: "active", priority: 3 });
    expect(res.headers.get("Location")).toBe(`/warehouses/${res.json.id}/stock`);
    const chosen = await t.send("POST", "/warehouses", {
      as: t.admin,
      body: { name: "Bali", priority: 0, status: "inactive" },
    });
    expect(chosen.json).toMatchObject({ name: "Bali", priority: 0, status: "inactive" });
    const listed = await t.send("GET", "/warehouses", { as: t.alice });
    expect(listed.list.map((w) => w.name)).toEqual(["Bali", "North", "South", "Bandung"]);
  });

  it("replays an Idempotency-Key's answer instead of creating a second warehouse", async () => {
    const t = await givenApp();
    const headers = { "Idempotency-Key": "open-bandung" };
    const first = await t.send("POST", "/warehouses", { as: t.admin, body: { name: "Bandung" }, headers });
    const again = await t.send("POST", "/warehouses", { as: t.admin, body: { name: "Bandung" }, headers });
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await t.send("GET", "/warehouses", { as: t.admin })).list).toHaveLength(3);
  });

  it("a PATCHed priority changes which warehouse serves the next checkout", async () => {
    const t = await givenApp();
    const before = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    expect(before.json.items).toMatchObject([{ warehouse_id: t.north.id }]);

    const res = await t.send("PATCH", `/warehouses/${t.south.id}`, { as: t.admin, body: { priority: 0 } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: t.south.id, name: "South", status: "active", priority: 0 });

    const after = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    expect(after.json.items).toMatchObject([{ warehouse_id: t.south.id }]);
  });

  it("renames a warehouse and keeps its priority", async () => {
    const t = await givenApp();
    const res = await t.send("PATCH", `/warehouses/${t.north.id}`, { as: t.admin, body: { name: "North 2" } });
    expect(res.json).toEqual({ id: t.north.id, name: "North 2", status: "active", priority: 1 });
  });

  it("answers 404 for an unknown warehouse, 400 for an empty change or id 0, 403 to a customer", async () => {
    const t = await givenApp();
    const unknown = await t.send("PATCH", "/warehouses/99", { as: t.admin, body: { name: "X" } });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: "warehouse_not_found", warehouse_id: 99 });
    const empty = await t.send("PATCH", `/warehouses/${t.north.id}`, { as: t.admin, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ code: "invalid_input", field: "body" });
    const zero = await t.send("PATCH", "/warehouses/0", { as: t.admin, body: { name: "X" } });
    expect(zero.json).toMatchObject({ code: "invalid_input", field: "id" });
    for (const [method, path] of [
      ["POST", "/warehouses"],
      ["PATCH", `/warehouses/${t.north.id}`],
    ] as const) {
      const res = await t.send(method, path, { as: t.alice, body: { name: "X" } });
      expect(res.status, path).toBe(403);
    }
  });

  it.each([
    ["a missing name", {}, "name"],
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: "   " }, "name"],
    ["a 201-character name", { name: "w".repeat(201) }, "name"],
    ["a name with a control character", { name: "a\u0007b" }, "name"],
    ["a numeric name", { name: 5 }, "name"],
    ["a negative priority", { name: "W", priority: -1 }, "priority"],
    ["a priority over 1,000,000", { name: "W", priority: 1_000_001 }, "priority"],
    ["a fractional priority", { name: "W", priority: 1.5 }, "priority"],
    ["a priority as a string", { name: "W", priority: "1" }, "priority"],
    ["the replaced service's 'deactive'", { name: "W", status: "deactive" }, "status"],
    ["an unknown status", { name: "W", status: "closed" }, "status"],
    ["an unknown field", { name: "W", city: "Bogor" }, "city"],
  ])("POST: %s is a 400 naming %s, and nothing is created", async (_name, body, field) => {
    const t = await givenApp();
    const res = await t.send("POST", "/warehouses", { as: t.admin, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
    expect((await t.send("GET", "/warehouses", { as: t.admin })).list).toHaveLength(2);
  });

  it.each([
    ["a blank name", { name: " " }, "name"],
    ["a null name", { name: null }, "name"],
    ["a priority over 1,000,000", { priority: 2_000_000 }, "priority"],
    ["a negative priority", { priority: -5 }, "priority"],
    ["a status (update-status sets it)", { status: "inactive" }, "status"],
  ])("PATCH: %s is a 400 naming %s, and nothing changes", async (_name, body, field) => {
    const t = await givenApp();
    const res = await t.send("PATCH", `/warehouses/${t.north.id}`, { as: t.admin, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
    expect(await t.ports.warehouses.findById(t.north.id)).toEqual(t.north);
  });
});
