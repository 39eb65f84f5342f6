import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

// Extra fields are rejected (400 naming the field), never silently ignored.
describe("bad input on POST /checkout", () => {
  it.each([
    ["a quantity as a string", { product_id: 1, quantity: "2" }, "quantity"],
    ["a product id as a string", { product_id: "1", quantity: 2 }, "product_id"],
    ["a missing product_id", { quantity: 2 }, "product_id"],
    ["a missing quantity", { product_id: 1 }, "quantity"],
    ["an empty object", {}, "product_id"],
    ["an extra field", { product_id: 1, quantity: 1, coupon: "FREE" }, "coupon"],
    ["a negative quantity", { product_id: 1, quantity: -1 }, "quantity"],
    ["a zero quantity", { product_id: 1, quantity: 0 }, "quantity"],
    ["a fractional quantity", { product_id: 1, quantity: 1.5 }, "quantity"],
    ["a huge quantity", { product_id: 1, quantity: 1e12 }, "quantity"],
    ["a fractional product id", { product_id: 1.5, quantity: 1 }, "product_id"],
    ["a zero product id", { product_id: 0, quantity: 1 }, "product_id"],
    ["an unsafe integer id", { product_id: 2 ** 60, quantity: 1 }, "product_id"],
    ["null for a field", { product_id: null, quantity: 1 }, "product_id"],
    ["an object for an id", { product_id: { id: 1 }, quantity: 1 }, "product_id"],
    ["an empty items list", { items: [] }, "items"],
    ["items as an object", { items: { product_id: 1, quantity: 1 } }, "items"],
    ["an array inside items", { items: [[1, 1]] }, "items[0].product_id"],
    [
      "a bad item quantity",
      {
        items: [
          { product_id: 1, quantity: 1 },
          { product_id: 2, quantity: -3 },
        ],
      },
      "items[1].quantity",
    ],
    ["an extra item field", { items: [{ product_id: 1, quantity: 1, note: "x" }] }, "items[0].note"],
    ["both shapes at once", { product_id: 1, quantity: 1, items: [{ product_id: 1, quantity: 1 }] }, "items"],
    ["a warehouse id as a string", { product_id: 1, quantity: 1, warehouse_id: "1" }, "warehouse_id"],
  ])("%s is a 400 naming %s", async (_name, body, field) => {
    const t = await givenApp();
    const res = await t.send("POST", "/checkout", { as: t.alice, body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: "invalid_input", field, error: expect.stringMatching(/.+: .+/) });
    expect(String(res.json.error).startsWith(`${field}: `)).toBe(true);
    expect(await t.ports.orders.list({ limit: 10 })).toEqual([]);
  });

  it.each([
    ["an array body", "[1, 2]", 400, "invalid_input"],
    ["a string body", '"checkout"', 400, "invalid_input"],
    ["a null body", "null", 400, "invalid_input"],
    ["an empty body", "", 400, "invalid_json"],
    ["whitespace", "   ", 400, "invalid_json"],
    ["invalid JSON", '{"product_id": 1,', 400, "invalid_json"],
    ["form data", "product_id=1&quantity=2", 400, "invalid_json"],
    ["a number too large for JSON doubles", '{"product_id": 1, "quantity": 1e400}', 400, "invalid_input"],
  ])("%s is a %i %s", async (_name, raw, status, code) => {
    const t = await givenApp();
    const res = await t.send("POST", "/checkout", { as: t.alice, body: raw });
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ code, error: expect.any(String) });
  });
});

describe("bodies on every JSON route", () => {
  const routes = [
    ["/login", false],
    ["/checkout", true],
    ["/pay", true],
    ["/transfer", true],
    ["/transfer-product", true],
    ["/warehouse/1/update-status", true],
    ["/products", true],
    ["/warehouses", true],
  ] as const;

  it.each(routes)("%s: invalid JSON 400, empty body 400, array 400, 1 MB body 413", async (path, needsToken) => {
    const t = await givenApp();
    const as = needsToken ? t.admin : undefined;
    const send = (body: string) => t.send("POST", path, { body, ...(as === undefined ? {} : { as }) });
    const invalid = await send("{nope");
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({ error: "request body is not valid JSON", code: "invalid_json" });
    const empty = await send("");
    expect(empty.status).toBe(400);
    expect(empty.json.code).toBe("invalid_json");
    const array = await send("[]");
    expect(array.status).toBe(400);
    expect(array.json).toMatchObject({ code: "invalid_input", field: "body" });
    const huge = await send(JSON.stringify({ padding: "x".repeat(1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.json).toMatchObject({ code: "payload_too_large", limit_bytes: 65536 });
  });

  it("a body just under 64 KiB is read (and refused for its content, not its size)", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/checkout", {
      as: t.alice,
      body: JSON.stringify({ product_id: 1, quantity: 1, padding: "x".repeat(60 * 1024) }),
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field: "padding" });
  });

  it("reads JSON sent without a Content-Type or labelled form-urlencoded, as `curl -d` does", async () => {
    const t = await givenApp();
    const labelled = await t.send("POST", "/checkout", {
      as: t.alice,
      body: JSON.stringify({ product_id: t.widget.id, quantity: 1 }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(labelled.status).toBe(201);
    const token = await t.tokenFor(t.alice);
    const bare = await t.app.request("/checkout", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      body: new TextEncoder().encode(JSON.stringify({ product_id: t.widget.id, quantity: 1 })),
    });
    expect(bare.status).toBe(201);
    expect(await t.ports.orders.list({ limit: 10 })).toHaveLength(2);
  });

  it("checks the token before reading the body: no token and a bad body is 401", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/checkout", { body: "{nope" });
    expect(res.status).toBe(401);
  });
});
