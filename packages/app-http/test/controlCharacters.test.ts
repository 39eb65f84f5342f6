import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

type App = Awaited<ReturnType<typeof givenApp>>;

/** NUL, other C0 controls (tab and newline included), DEL and C1 controls. */
const CONTROL_CHARACTERS = ["\u0000", "\u0001", "\t", "\n", "\u001b", "\u001f", "\u007f", "\u0085", "\u009f"];

interface Case {
  readonly route: string;
  readonly field: string;
  /** The request with `bad` (a string holding one control character) in the field. */
  readonly request: (
    t: App,
    bad: string,
  ) => { method: string; path: string; body?: unknown; as?: "admin" | "alice" | undefined };
}

const q = encodeURIComponent;

// Every string the API reads, route by route: body fields (numbers sent as strings too: a client
// may send a string anywhere), object keys, path params and query params.
const cases: Case[] = [
  {
    route: "POST /login",
    field: "email_or_phone",
    request: (_t, bad) => ({
      method: "POST",
      path: "/login",
      body: { email_or_phone: `admin@example.com${bad}`, password: "admin123" },
    }),
  },
  {
    route: "POST /login",
    field: "password",
    request: (_t, bad) => ({
      method: "POST",
      path: "/login",
      body: { email_or_phone: "admin@example.com", password: `admin123${bad}` },
    }),
  },
  {
    route: "POST /checkout",
    field: "product_id",
    request: (t, bad) => ({
      method: "POST",
      path: "/checkout",
      as: "alice",
      body: { product_id: `${t.widget.id}${bad}`, quantity: 1 },
    }),
  },
  {
    route: "POST /checkout",
    field: "items[0].quantity",
    request: (t, bad) => ({
      method: "POST",
      path: "/checkout",
      as: "alice",
      body: { items: [{ product_id: t.widget.id, quantity: `1${bad}` }] },
    }),
  },
  {
    route: "POST /checkout",
    field: "warehouse_id",
    request: (t, bad) => ({
      method: "POST",
      path: "/checkout",
      as: "alice",
      body: { product_id: t.widget.id, quantity: 1, warehouse_id: bad },
    }),
  },
  {
    route: "POST /pay",
    field: "order_id",
    request: (_t, bad) => ({ method: "POST", path: "/pay", as: "alice", body: { order_id: `1${bad}` } }),
  },
  ...["status", "user_id", "limit", "after_id"].map(
    (field): Case => ({
      route: "GET /orders",
      field,
      request: (_t, bad) => ({ method: "GET", path: `/orders?${field}=${q(`1${bad}`)}`, as: "admin" }),
    }),
  ),
  {
    route: "GET /orders/:id",
    field: "id",
    request: (_t, bad) => ({ method: "GET", path: `/orders/${q(`1${bad}`)}`, as: "alice" }),
  },
  {
    route: "POST /orders/:id/cancel",
    field: "id",
    request: (_t, bad) => ({ method: "POST", path: `/orders/${q(`1${bad}`)}/cancel`, as: "alice" }),
  },
  ...["limit", "after_id"].map(
    (field): Case => ({
      route: "GET /products",
      field,
      request: (_t, bad) => ({ method: "GET", path: `/products?${field}=${q(`1${bad}`)}`, as: "alice" }),
    }),
  ),
  ...["/transfer", "/transfer-product"].flatMap((path) =>
    ["from_warehouse_id", "quantity"].map(
      (field): Case => ({
        route: `POST ${path}`,
        field,
        request: (t, bad) => ({
          method: "POST",
          path,
          as: "admin",
          body: {
            from_warehouse_id: t.north.id,
            to_warehouse_id: t.south.id,
            product_id: t.widget.id,
            quantity: 1,
            [field]: `1${bad}`,
          },
        }),
      }),
    ),
  ),
  {
    route: "POST /warehouse/:id/update-status",
    field: "id",
    request: (t, bad) => ({
      method: "POST",
      path: `/warehouse/${q(`${t.north.id}${bad}`)}/update-status`,
      as: "admin",
      body: { status: "inactive" },
    }),
  },
  {
    route: "POST /warehouse/:id/update-status",
    field: "status",
    request: (t, bad) => ({
      method: "POST",
      path: `/warehouse/${t.north.id}/update-status`,
      as: "admin",
      body: { status: `inactive${bad}` },
    }),
  },
  {
    route: "GET /warehouses/:id/stock",
    field: "id",
    request: (t, bad) => ({ method: "GET", path: `/warehouses/${q(`${t.north.id}${bad}`)}/stock`, as: "admin" }),
  },
];

const table = cases.flatMap((c) =>
  CONTROL_CHARACTERS.map((bad) => [c.route, c.field, JSON.stringify(bad), bad, c] as const),
);

describe("control characters in any string the API reads", () => {
  it.each(table)("%s: %s holding %s is a 400 naming the field", async (_route, field, _shown, bad, c) => {
    const t = await givenApp();
    const { method, path, body, as } = c.request(t, bad);
    const res = await t.send(method, path, {
      ...(body === undefined ? {} : { body }),
      ...(as === undefined ? {} : { as: t[as] }),
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: "invalid_input",
      field,
      error: `${field}: must not contain control characters`,
    });
    // Nothing happened: no order, no stock moved, no warehouse switched.
    expect(await t.ports.orders.list({ limit: 10 })).toEqual([]);
    expect((await t.ports.warehouses.findById(t.north.id))?.status).toBe("active");
    expect(t.ports.db.tables.movements.filter((m) => m.kind !== "adjust")).toEqual([]);
  });

  it.each(CONTROL_CHARACTERS)("an object key holding %j is a 400 naming the key", async (bad) => {
    const t = await givenApp();
    const res = await t.send("POST", "/login", {
      body: { email_or_phone: "admin@example.com", password: "admin123", [`remember${bad}`]: true },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: "invalid_input",
      field: `remember${bad}`,
      error: `remember${bad}: must not contain control characters`,
    });
  });

  it.each(["\u0001", "\t", "\u007f", "\u0085"])(
    "an Authorization header holding %j is a 400 naming it",
    async (bad) => {
      const t = await givenApp();
      const token = await t.tokenFor(t.alice);
      for (const header of [`Bearer${bad}${token}`, `Bearer ${token}${bad}x`]) {
        const res = await t.send("GET", "/products", { headers: { Authorization: header } });
        expect(res.status).toBe(400);
        expect(res.json).toEqual({
          code: "invalid_input",
          field: "Authorization",
          error: "Authorization: must not contain control characters",
        });
      }
    },
  );

  it("refuses only control characters: printable Unicode in a login reaches the use case", async () => {
    const t = await givenApp();
    for (const login of ["ädmin@example.com", "admin\u00a0@example.com", "admin\u2028@example.com", "📦@example.com"]) {
      const res = await t.send("POST", "/login", { body: { email_or_phone: login, password: "admin123" } });
      expect(res.status).toBe(401);
      expect(res.json.code).toBe("invalid_credentials");
    }
  });

  it("refuses a control character before any other problem with the input", async () => {
    const t = await givenApp();
    // Without the rule, the schema names items[0].quantity (must be at least 1).
    const res = await t.send("POST", "/checkout", {
      as: t.alice,
      body: {
        items: [
          { product_id: 1, quantity: 0 },
          { product_id: 2, quantity: "1\u0000" },
        ],
        extra: "\u0000",
      },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: "invalid_input",
      field: "items[1].quantity",
      error: "items[1].quantity: must not contain control characters",
    });
  });

  it("walks a deeply nested body in linear time without overflowing the stack", async () => {
    const t = await givenApp();
    const depth = 20_000;
    const body = `{"items": ${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}}`;
    const started = performance.now();
    const res = await t.send("POST", "/checkout", { as: t.alice, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field: `items${"[0]".repeat(depth)}` });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
