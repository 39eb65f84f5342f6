import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

type T = Awaited<ReturnType<typeof givenApp>>;

const NEW_PRODUCT = { sku: "KB-9", name: "Keyboard", price_cents: 750000, low_stock_threshold: 5 };

async function created(t: T, body: Record<string, unknown> = NEW_PRODUCT) {
  const res = await t.send("POST", "/products", { as: t.admin, body });
  expect(res.status).toBe(201);
  return res.json as { id: number; version: number };
}

describe("POST /products", () => {
  it("creates an active product at version 1: 201 with its ETag, Location and the service's currency", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/products", { as: t.admin, body: NEW_PRODUCT });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(Number),
      ...NEW_PRODUCT,
      currency: "IDR",
      status: "active",
      version: 1,
    });
    expect(res.headers.get("ETag")).toBe('"1"');
    expect(res.headers.get("Location")).toBe(`/products/${res.json.id}`);
    const read = await t.send("GET", `/products/${res.json.id}`, { as: t.alice });
    expect(read.json).toEqual({ ...res.json, available: 0 });
  });

  it("defaults low_stock_threshold to 0", async () => {
    const t = await givenApp();
    const product = await created(t, { sku: "X", name: "X", price_cents: 0 });
    expect(product).toMatchObject({ low_stock_threshold: 0, price_cents: 0 });
  });

  it("answers 409 sku_taken for a SKU in use, and creates nothing", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/products", { as: t.admin, body: { ...NEW_PRODUCT, sku: "W-1" } });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: "sku_taken", sku: "W-1" });
    expect((await t.send("GET", "/products", { as: t.admin })).list).toHaveLength(2);
  });

  it("two parallel creates of one SKU: one 201, one 409", async () => {
    const t = await givenApp();
    const [a, b] = await Promise.all([
      t.send("POST", "/products", { as: t.admin, body: NEW_PRODUCT }),
      t.send("POST", "/products", { as: t.admin, body: { ...NEW_PRODUCT, name: "Twin" } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });

  it("replays an Idempotency-Key's answer instead of creating again", async () => {
    const t = await givenApp();
    const headers = { "Idempotency-Key": "create-kb-9" };
    const first = await t.send("POST", "/products", { as: t.admin, body: NEW_PRODUCT, headers });
    const again = await t.send("POST", "/products", { as: t.admin, body: NEW_PRODUCT, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    const other = await t.send("POST", "/products", { as: t.admin, body: { ...NEW_PRODUCT, sku: "Y" }, headers });
    expect(other.status).toBe(422);
    expect((await t.send("GET", "/products", { as: t.admin })).list).toHaveLength(3);
  });

  it("is for admins only: 403 before the body is read, 401 without a token", async () => {
    const t = await givenApp();
    const customer = await t.send("POST", "/products", { as: t.alice, body: "{nope" });
    expect(customer.status).toBe(403);
    expect(customer.json.code).toBe("forbidden");
    expect((await t.send("POST", "/products", { body: NEW_PRODUCT })).status).toBe(401);
  });

  it.each([
    ["a missing sku", { name: "N", price_cents: 1 }, "sku"],
    ["an empty sku", { sku: "", name: "N", price_cents: 1 }, "sku"],
    ["a 65-character sku", { sku: "S".repeat(65), name: "N", price_cents: 1 }, "sku"],
    ["a sku with a space at the end", { sku: "S ", name: "N", price_cents: 1 }, "sku"],
    ["a sku with a tab", { sku: "S\tT", name: "N", price_cents: 1 }, "sku"],
    ["a numeric sku", { sku: 5, name: "N", price_cents: 1 }, "sku"],
    ["a missing name", { sku: "S", price_cents: 1 }, "name"],
    ["a blank name", { sku: "S", name: "   ", price_cents: 1 }, "name"],
    ["a 201-character name", { sku: "S", name: "n".repeat(201), price_cents: 1 }, "name"],
    ["a null name", { sku: "S", name: null, price_cents: 1 }, "name"],
    ["a missing price", { sku: "S", name: "N" }, "price_cents"],
    ["a negative price", { sku: "S", name: "N", price_cents: -1 }, "price_cents"],
    ["a fractional price", { sku: "S", name: "N", price_cents: 1.5 }, "price_cents"],
    ["a price over 10^12", { sku: "S", name: "N", price_cents: 1e12 + 1 }, "price_cents"],
    ["a price as a string", { sku: "S", name: "N", price_cents: "100" }, "price_cents"],
    ["a negative threshold", { sku: "S", name: "N", price_cents: 1, low_stock_threshold: -1 }, "low_stock_threshold"],
    ["a huge threshold", { sku: "S", name: "N", price_cents: 1, low_stock_threshold: 2 ** 31 }, "low_stock_threshold"],
    [
      "a fractional threshold",
      { sku: "S", name: "N", price_cents: 1, low_stock_threshold: 0.5 },
      "low_stock_threshold",
    ],
    ["a status (always active at first)", { sku: "S", name: "N", price_cents: 1, status: "archived" }, "status"],
    ["an unknown field", { sku: "S", name: "N", price_cents: 1, colour: "red" }, "colour"],
  ])("%s is a 400 naming %s, and nothing is created", async (_name, body, field) => {
    const t = await givenApp();
    const res = await t.send("POST", "/products", { as: t.admin, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
    expect((await t.send("GET", "/products", { as: t.admin })).list).toHaveLength(2);
  });

  it.each([
    ["", "invalid_json"],
    ["{nope", "invalid_json"],
    ["[]", "invalid_input"],
  ])("body %j is a 400 %s", async (raw, code) => {
    const t = await givenApp();
    const res = await t.send("POST", "/products", { as: t.admin, body: raw });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe(code);
  });
});

describe("PATCH /products/{id}", () => {
  it("sets each field given, adds 1 to the version on every change and answers the ETag", async () => {
    const t = await givenApp();
    const { id } = await created(t);
    const renamed = await t.send("PATCH", `/products/${id}`, { as: t.admin, body: { name: "Board" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: "Board", price_cents: 750000, version: 2 });
    expect(renamed.headers.get("ETag")).toBe('"2"');
    const all = await t.send("PATCH", `/products/${id}`, {
      as: t.admin,
      body: { name: "B2", price_cents: 1, status: "archived", low_stock_threshold: 0 },
    });
    expect(all.json).toEqual({
      id,
      sku: "KB-9",
      name: "B2",
      price_cents: 1,
      currency: "IDR",
      status: "archived",
      low_stock_threshold: 0,
      version: 3,
    });
    expect(all.headers.get("ETag")).toBe('"3"');
    const back = await t.send("PATCH", `/products/${id}`, { as: t.admin, body: { status: "active" } });
    expect(back.json).toMatchObject({ status: "active", version: 4 });
  });

  it("with If-Match changes only the version named: a stale one is 412 version_mismatch and writes nothing", async () => {
    const t = await givenApp();
    const { id } = await created(t);
    const ok = await t.send("PATCH", `/products/${id}`, {
      as: t.admin,
      body: { price_cents: 2 },
      headers: { "If-Match": '"1"' },
    });
    expect(ok.status).toBe(200);
    const stale = await t.send("PATCH", `/products/${id}`, {
      as: t.admin,
      body: { price_cents: 3 },
      headers: { "If-Match": '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({ code: "version_mismatch", product_id: id });
    expect((await t.send("GET", `/products/${id}`, { as: t.admin })).json).toMatchObject({
      price_cents: 2,
      version: 2,
    });
    // A list matches when any of its tags does; * matches whatever the version is.
    for (const [match, version] of [
      ['"1", "2"', 3],
      ["*", 4],
      [' "4" ,"7"', 5],
    ] as const) {
      const res = await t.send("PATCH", `/products/${id}`, {
        as: t.admin,
        body: { low_stock_threshold: version },
        headers: { "If-Match": match },
      });
      expect(res.status, match).toBe(200);
      expect(res.json.version).toBe(version);
    }
  });

  it("two racing changes with the same If-Match: exactly one 200, one 412", async () => {
    const t = await givenApp();
    const { id } = await created(t);
    const patch = (price: number) =>
      t.send("PATCH", `/products/${id}`, { as: t.admin, body: { price_cents: price }, headers: { "If-Match": '"1"' } });
    const answers = await Promise.all([patch(10), patch(20)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
  });

  it("a weak or foreign entity tag never matches (412); a malformed If-Match is a 400", async () => {
    const t = await givenApp();
    const { id } = await created(t);
    for (const tag of ['W/"1"', '"abc"', '"99999999999"']) {
      const res = await t.send("PATCH", `/products/${id}`, {
        as: t.admin,
        body: { name: "X" },
        headers: { "If-Match": tag },
      });
      expect(res.status, tag).toBe(412);
    }
    for (const tag of ["1", '"1', '"1" "2"', '"1",']) {
      const res = await t.send("PATCH", `/products/${id}`, {
        as: t.admin,
        body: { name: "X" },
        headers: { "If-Match": tag },
      });
      expect(res.status, tag).toBe(400);
      expect(res.json).toMatchObject({ code: "invalid_input", field: "If-Match" });
    }
    expect((await t.send("GET", `/products/${id}`, { as: t.admin })).json).toMatchObject({ version: 1 });
  });

  it("a price change never alters existing orders: they keep their unit price and total", async () => {
    const t = await givenApp();
    const before = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 2 } });
    await t.send("PATCH", `/products/${t.widget.id}`, { as: t.admin, body: { price_cents: 5000 } });
    const after = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 2 } });
    const old = await t.send("GET", `/orders/${before.json.order_id}`, { as: t.alice });
    expect(old.json).toMatchObject({ total_cents: 2500, currency: "IDR", items: [{ unit_price_cents: 1250 }] });
    expect(after.json).toMatchObject({ total_cents: 10000, items: [{ unit_price_cents: 5000 }] });
  });

  it("answers 404 for an unknown product, 400 for an empty change or a bad id, 403 to a customer", async () => {
    const t = await givenApp();
    const unknown = await t.send("PATCH", "/products/999", { as: t.admin, body: { name: "X" } });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: "product_not_found", product_id: 999 });
    const empty = await t.send("PATCH", `/products/${t.widget.id}`, { as: t.admin, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ code: "invalid_input", field: "body" });
    const noBody = await t.send("PATCH", `/products/${t.widget.id}`, { as: t.admin, body: "" });
    expect(noBody.status).toBe(400);
    expect(noBody.json.code).toBe("invalid_json");
    const zero = await t.send("PATCH", "/products/0", { as: t.admin, body: { name: "X" } });
    expect(zero.status).toBe(400);
    expect(zero.json).toMatchObject({ code: "invalid_input", field: "id" });
    const customer = await t.send("PATCH", `/products/${t.widget.id}`, { as: t.alice, body: { name: "X" } });
    expect(customer.status).toBe(403);
  });

  it.each([
    ["a blank name", { name: " " }, "name"],
    ["a long name", { name: "x".repeat(201) }, "name"],
    ["a name with a newline", { name: "a\nb" }, "name"],
    ["a negative price", { price_cents: -1 }, "price_cents"],
    ["a price over 10^12", { price_cents: 1e13 }, "price_cents"],
    ["an unknown status", { status: "deleted" }, "status"],
    ["a null status", { status: null }, "status"],
    ["a bad threshold", { low_stock_threshold: "5" }, "low_stock_threshold"],
    ["a sku (it never changes)", { sku: "NEW" }, "sku"],
    ["a version (the store counts it)", { version: 9 }, "version"],
  ])("%s is a 400 naming %s, and nothing changes", async (_name, body, field) => {
    const t = await givenApp();
    const res = await t.send("PATCH", `/products/${t.widget.id}`, { as: t.admin, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
    expect((await t.send("GET", `/products/${t.widget.id}`, { as: t.admin })).json).toMatchObject({ version: 1 });
  });
});

describe("GET /products/{id}", () => {
  it("shows anyone the product with its available units; an admin also its level in every warehouse", async () => {
    const t = await givenApp();
    await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 2 } });
    await t.send("POST", `/warehouse/${t.south.id}/update-status`, { as: t.admin, body: { status: "inactive" } });
    const product = {
      id: t.widget.id,
      sku: "W-1",
      name: "Widget",
      price_cents: 1250,
      currency: "IDR",
      status: "active",
      low_stock_threshold: 0,
      version: 1,
      available: 8,
    };
    const customer = await t.send("GET", `/products/${t.widget.id}`, { as: t.bob });
    expect(customer.status).toBe(200);
    expect(customer.json).toEqual(product);
    const admin = await t.send("GET", `/products/${t.widget.id}`, { as: t.admin });
    expect(admin.json).toEqual({
      ...product,
      levels: [
        { warehouse_id: t.north.id, on_hand: 10, reserved: 2, available: 8, warehouse_status: "active" },
        { warehouse_id: t.south.id, on_hand: 5, reserved: 0, available: 5, warehouse_status: "inactive" },
      ],
    });
  });

  it("hides an archived product from customers (404), not from admins", async () => {
    const t = await givenApp();
    await t.send("PATCH", `/products/${t.gadget.id}`, { as: t.admin, body: { status: "archived" } });
    const customer = await t.send("GET", `/products/${t.gadget.id}`, { as: t.alice });
    expect(customer.status).toBe(404);
    expect(customer.json).toMatchObject({ code: "product_not_found", product_id: t.gadget.id });
    const admin = await t.send("GET", `/products/${t.gadget.id}`, { as: t.admin });
    expect(admin.json).toMatchObject({ status: "archived", version: 2 });
  });

  it("answers 404 for an unknown id, 400 for id 0, no route for a non-numeric id, 401 without a token", async () => {
    const t = await givenApp();
    const unknown = await t.send("GET", "/products/999", { as: t.alice });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe("product_not_found");
    const zero = await t.send("GET", "/products/0", { as: t.alice });
    expect(zero.status).toBe(400);
    expect(zero.json).toMatchObject({ code: "invalid_input", field: "id" });
    const word = await t.send("GET", "/products/abc", { as: t.alice });
    expect(word.status).toBe(404);
    expect(word.json.code).toBe("not_found");
    expect((await t.send("GET", `/products/${t.widget.id}`)).status).toBe(401);
  });
});

describe("GET /products: search and filters", () => {
  async function withCatalog() {
    const t = await givenApp();
    await created(t, { sku: "SALE_50%", name: "Half-price Mouse", price_cents: 100 });
    await created(t, { sku: "SALEX50", name: "Plain", price_cents: 100 });
    await t.send("PATCH", `/products/${t.gadget.id}`, { as: t.admin, body: { status: "archived" } });
    return t;
  }
  const skus = (res: { list: Record<string, unknown>[] }) => res.list.map((p) => p.sku);

  it("q matches the SKU or the name, ignoring case, with % and _ taken literally", async () => {
    const t = await withCatalog();
    expect(skus(await t.send("GET", "/products?q=widg", { as: t.alice }))).toEqual(["W-1"]);
    expect(skus(await t.send("GET", "/products?q=MOUSE", { as: t.alice }))).toEqual(["SALE_50%"]);
    expect(skus(await t.send("GET", `/products?q=${encodeURIComponent("_50%")}`, { as: t.alice }))).toEqual([
      "SALE_50%",
    ]);
    expect(skus(await t.send("GET", "/products?q=zzz", { as: t.alice }))).toEqual([]);
  });

  it("in_stock=true keeps products with units available; customers never see archived ones", async () => {
    const t = await withCatalog();
    expect(skus(await t.send("GET", "/products?in_stock=true", { as: t.alice }))).toEqual(["W-1"]);
    expect(skus(await t.send("GET", "/products?in_stock=false", { as: t.alice }))).toEqual([
      "W-1",
      "SALE_50%",
      "SALEX50",
    ]);
    expect(skus(await t.send("GET", "/products?status=active", { as: t.alice }))).toHaveLength(3);
  });

  it("admins choose status archived, active (the default) or all; a customer asking for archived is 403", async () => {
    const t = await withCatalog();
    expect(skus(await t.send("GET", "/products", { as: t.admin }))).toEqual(["W-1", "SALE_50%", "SALEX50"]);
    expect(skus(await t.send("GET", "/products?status=archived", { as: t.admin }))).toEqual(["G-1"]);
    expect(skus(await t.send("GET", "/products?status=all&in_stock=true", { as: t.admin }))).toEqual(["W-1", "G-1"]);
    for (const status of ["archived", "all"]) {
      const res = await t.send("GET", `/products?status=${status}`, { as: t.alice });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe("forbidden");
    }
  });

  it("the next-page link keeps the filters", async () => {
    const t = await withCatalog();
    const first = await t.send("GET", "/products?q=sale&limit=1", { as: t.alice });
    expect(first.headers.get("Link")).toBe(`</products?q=sale&limit=1&after_id=${first.list[0]?.id}>; rel="next"`);
  });

  it.each([
    ["an empty q", "q=", "q"],
    ["a q of 201 characters", `q=${"x".repeat(201)}`, "q"],
    ["a q with a control character", "q=a%00b", "q"],
    ["in_stock=yes", "in_stock=yes", "in_stock"],
    ["in_stock=1", "in_stock=1", "in_stock"],
    ["an unknown status", "status=deleted", "status"],
  ])("%s is a 400 naming %s", async (_name, query, field) => {
    const t = await givenApp();
    const res = await t.send("GET", `/products?${query}`, { as: t.admin });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
  });
});

describe("archived products at checkout", () => {
  it("checkout of an archived product is 409 product_archived and reserves nothing", async () => {
    const t = await givenApp();
    await t.send("PATCH", `/products/${t.widget.id}`, { as: t.admin, body: { status: "archived" } });
    const res = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: "product_archived", product_id: t.widget.id });
    expect((await t.ports.catalog.levels({ productIds: [t.widget.id] })).every((l) => l.reserved === 0)).toBe(true);
  });

  it("a pending order whose product was archived after checkout can still be paid", async () => {
    const t = await givenApp();
    const order = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    await t.send("PATCH", `/products/${t.widget.id}`, { as: t.admin, body: { status: "archived" } });
    const paid = await t.send("POST", "/pay", { as: t.alice, body: { order_id: order.json.order_id } });
    expect(paid.status).toBe(200);
    expect(paid.json).toEqual({ order_id: order.json.order_id, status: "paid", total_cents: 1250, currency: "IDR" });
  });
});

describe("CURRENCY", () => {
  it("products and orders show the currency the app was given", async () => {
    const t = await givenApp({ currency: "USD" });
    const listed = await t.send("GET", "/products", { as: t.alice });
    expect(listed.list.map((p) => p.currency)).toEqual(["USD", "USD"]);
    const order = await t.send("POST", "/checkout", { as: t.alice, body: { product_id: t.widget.id, quantity: 1 } });
    expect(order.json.currency).toBe("USD");
    const orders = await t.send("GET", "/orders", { as: t.alice });
    expect(orders.list[0]?.currency).toBe("USD");
  });

  it("an app given a code that is not ISO 4217 refuses to start", async () => {
    await expect(givenApp({ currency: "usd" })).rejects.toThrow(/not an ISO 4217 code/);
  });
});

describe("/openapi.json", () => {
  it("documents If-Match on PATCH /products/{id} and the ETag of its answers", async () => {
    const t = await givenApp();
    const doc = (await t.send("GET", "/openapi.json")).json as {
      paths: Record<
        string,
        Record<string, { parameters?: { in: string; name: string }[]; responses: Record<string, { headers?: object }> }>
      >;
    };
    const patch = doc.paths["/products/{id}"]?.patch;
    expect(patch?.parameters?.map((p) => `${p.in} ${p.name}`)).toEqual(
      expect.arrayContaining(["header If-Match", "header Idempotency-Key", "path id"]),
    );
    expect(patch?.responses["200"]?.headers).toHaveProperty("ETag");
    expect(doc.paths["/products"]?.post?.responses["201"]?.headers).toHaveProperty("ETag");
  });
});
