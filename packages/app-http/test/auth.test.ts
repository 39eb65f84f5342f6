import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { givenApp, TEST_SECRET } from "./givenApp.js";

const NOW = Math.floor(Date.parse("2026-01-01T00:00:00.000Z") / 1000);

function claimsFor(userId: number, role: string) {
  return { role, sub: String(userId), iss: "order-service", aud: "order-service", iat: NOW, exp: NOW + 600 };
}

describe("POST /login", () => {
  it("answers a Bearer token for email or phone, and the token opens the business routes", async () => {
    const t = await givenApp();
    const byEmail = await t.send("POST", "/login", {
      body: { email_or_phone: "ADMIN@example.com", password: "admin123" },
    });
    expect(byEmail.status).toBe(200);
    expect(byEmail.json).toEqual({ token: expect.any(String), token_type: "Bearer", expires_in: 3600 });
    const byPhone = await t.send("POST", "/login", { body: { email_or_phone: "+15550001", password: "alice123" } });
    expect(byPhone.status).toBe(200);
    const products = await t.send("GET", "/products", { headers: { Authorization: `Bearer ${byEmail.json.token}` } });
    expect(products.status).toBe(200);
  });

  it("answers the same 401 for an unknown user and a wrong password", async () => {
    const t = await givenApp();
    const unknown = await t.send("POST", "/login", { body: { email_or_phone: "nobody@example.com", password: "x" } });
    const wrong = await t.send("POST", "/login", { body: { email_or_phone: "admin@example.com", password: "x" } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual({ error: "invalid email/phone or password", code: "invalid_credentials" });
    expect(wrong.json).toEqual(unknown.json);
  });

  it("locks a login out after 5 failures with 429 and Retry-After; a success before that resets the count", async () => {
    const t = await givenApp();
    const fail = () => t.send("POST", "/login", { body: { email_or_phone: "alice@example.com", password: "nope" } });
    for (let i = 0; i < 4; i++) expect((await fail()).status).toBe(401);
    const ok = await t.send("POST", "/login", { body: { email_or_phone: "alice@example.com", password: "alice123" } });
    expect(ok.status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await fail()).status).toBe(401);
    const locked = await t.send("POST", "/login", {
      body: { email_or_phone: "alice@example.com", password: "alice123" },
    });
    expect(locked.status).toBe(429);
    expect(locked.json).toMatchObject({ code: "too_many_login_attempts", retry_after_seconds: 900 });
    expect(locked.headers.get("Retry-After")).toBe("900");
    t.ports.clock.advanceSeconds(901);
    const later = await t.send("POST", "/login", {
      body: { email_or_phone: "alice@example.com", password: "alice123" },
    });
    expect(later.status).toBe(200);
  });

  it.each([
    [{}, "email_or_phone"],
    [{ email_or_phone: "admin@example.com" }, "password"],
    [{ email_or_phone: 12, password: "x" }, "email_or_phone"],
    [{ email_or_phone: "", password: "x" }, "email_or_phone"],
    [{ email_or_phone: "admin@example.com", password: "admin123", remember: true }, "remember"],
  ])("refuses %j with 400 naming %s", async (body, field) => {
    const t = await givenApp();
    const res = await t.send("POST", "/login", { body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
    expect(res.json.error).toMatch(new RegExp(`^${field.replace(/[[\]]/g, "\\$&")}: `));
  });
});

describe("bearer tokens", () => {
  it.each([
    ["no Authorization header", undefined],
    ["an empty header", ""],
    ["the Basic scheme", "Basic YWRtaW46YWRtaW4xMjM="],
    ["a bare token without scheme", "abc.def.ghi"],
    ["garbage", "Bearer garbage"],
  ])("answers 401 unauthenticated for %s", async (_name, header) => {
    const t = await givenApp();
    const res = await t.send("GET", "/products", { headers: header === undefined ? {} : { Authorization: header } });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: "unauthenticated", error: expect.any(String) });
    expect(res.headers.get("WWW-Authenticate")).toBe("Bearer");
  });

  it("answers 401 for a token signed with another secret, alg none, and an expired token", async () => {
    const t = await givenApp();
    const otherKey = new TextEncoder().encode("some-other-secret-that-is-32-bytes-long!");
    const foreign = await new SignJWT(claimsFor(t.admin.userId, "admin"))
      .setProtectedHeader({ alg: "HS256" })
      .sign(otherKey);
    const none = new UnsecuredJWT(claimsFor(t.admin.userId, "admin")).encode();
    const expiring = await t.tokenFor(t.alice);
    t.ports.clock.advanceSeconds(3601);
    for (const token of [foreign, none, expiring]) {
      const res = await t.send("GET", "/orders", { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(res.json.code).toBe("unauthenticated");
    }
  });

  it("answers 401 for a customer's token whose role claim was edited to admin", async () => {
    const t = await givenApp();
    const [header, payload, signature] = (await t.tokenFor(t.alice)).split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
    claims.role = "admin";
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
    const res = await t.send("GET", `/warehouses/${t.north.id}/stock`, {
      headers: { Authorization: `Bearer ${forged}` },
    });
    expect(res.status).toBe(401);
    // The same request with the genuine admin secret-signed token gets through: the 401 is the signature.
    const genuine = await new SignJWT(claimsFor(t.admin.userId, "admin"))
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(TEST_SECRET));
    const ok = await t.send("GET", `/warehouses/${t.north.id}/stock`, {
      headers: { Authorization: `Bearer ${genuine}` },
    });
    expect(ok.status).toBe(200);
  });

  it("answers 403 forbidden to a customer on every admin route", async () => {
    const t = await givenApp();
    const transfer = {
      from_warehouse_id: t.north.id,
      to_warehouse_id: t.south.id,
      product_id: t.widget.id,
      quantity: 1,
    };
    const attempts = [
      t.send("POST", "/transfer", { as: t.alice, body: transfer }),
      t.send("POST", "/transfer-product", { as: t.alice, body: transfer }),
      t.send("POST", `/warehouse/${t.north.id}/update-status`, { as: t.alice, body: { status: "inactive" } }),
      t.send("GET", `/warehouses/${t.north.id}/stock`, { as: t.alice }),
      t.send("POST", "/users", {
        as: t.alice,
        body: { email: "x@example.com", password: "password-1", role: "admin" },
      }),
      t.send("GET", "/users", { as: t.alice }),
      t.send("PATCH", `/users/${t.alice.userId}`, { as: t.alice, body: { role: "admin" } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ code: "forbidden", error: expect.stringContaining("only an admin may") });
    }
    const north = await t.ports.warehouses.findById(t.north.id);
    expect(north?.status).toBe("active");
  });
});

type App = Awaited<ReturnType<typeof givenApp>>;

/** Every route behind `authenticate`: the route pattern, and a request to it an admin may make. */
function authenticatedRoutes(t: App) {
  const transfer = { from_warehouse_id: t.north.id, to_warehouse_id: t.south.id, product_id: t.widget.id, quantity: 1 };
  return [
    ["GET", "/products", "/products", undefined],
    ["GET", "/products/:id{[0-9]+}", `/products/${t.widget.id}`, undefined],
    ["POST", "/products", "/products", { sku: "NEW", name: "New", price_cents: 1 }],
    ["PATCH", "/products/:id{[0-9]+}", `/products/${t.widget.id}`, { name: "Renamed" }],
    ["POST", "/warehouses", "/warehouses", { name: "New" }],
    ["PATCH", "/warehouses/:id{[0-9]+}", `/warehouses/${t.north.id}`, { name: "Renamed" }],
    ["POST", "/checkout", "/checkout", { product_id: t.widget.id, quantity: 1 }],
    ["POST", "/pay", "/pay", { order_id: 1 }],
    ["GET", "/orders", "/orders", undefined],
    ["GET", "/orders/:id", "/orders/1", undefined],
    ["POST", "/orders/:id/cancel", "/orders/1/cancel", undefined],
    ["GET", "/warehouses", "/warehouses", undefined],
    ["GET", "/warehouses/:id/stock", `/warehouses/${t.north.id}/stock`, undefined],
    ["POST", "/warehouse/:id/update-status", `/warehouse/${t.north.id}/update-status`, { status: "inactive" }],
    ["POST", "/transfer", "/transfer", transfer],
    ["POST", "/transfer-product", "/transfer-product", transfer],
    ["POST", "/users", "/users", { email: "ghost@example.com", password: "password-1", role: "customer" }],
    ["GET", "/users", "/users", undefined],
    ["PATCH", "/users/:id", `/users/${t.bob.userId}`, { status: "disabled" }],
    ["GET", "/me", "/me", undefined],
    ["POST", "/me/password", "/me/password", { current_password: "x", new_password: "password-1" }],
  ] as const;
}

const PUBLIC_ROUTES = ["POST /login", "GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi.json", "GET /docs"];
const isPublic = (route: string) => PUBLIC_ROUTES.includes(route) || route.startsWith("GET /docs/");

/** What a request changed: orders, stock movements, warehouses, products, users. */
function stateOf(t: App) {
  const { orders, movements, warehouses, products, users } = t.ports.db.tables;
  return {
    orders: [...orders.values()],
    movements: [...movements],
    warehouses: [...warehouses.values()],
    products: [...products.values()],
    users: [...users.values()],
  };
}

describe("tokens of users that no longer exist", () => {
  it("the table below lists every route behind authenticate", async () => {
    const t = await givenApp();
    const served = t.app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path}`)
      .filter((route) => !isPublic(route));
    const listed = authenticatedRoutes(t).map(([method, pattern]) => `${method} ${pattern}`);
    expect(new Set(served)).toEqual(new Set(listed));
  });

  it("answers 401 on every authenticated route to a signed token whose user id is not stored", async () => {
    const t = await givenApp();
    const before = stateOf(t);
    for (const role of ["admin", "customer"] as const) {
      const ghost = await t.tokenFor({ userId: 999, role });
      for (const [method, pattern, path, body] of authenticatedRoutes(t)) {
        const res = await t.send(method, path, {
          headers: { Authorization: `Bearer ${ghost}` },
          ...(body === undefined ? {} : { body }),
        });
        expect({ route: `${method} ${pattern}`, status: res.status, code: res.json.code }).toEqual({
          route: `${method} ${pattern}`,
          status: 401,
          code: "unauthenticated",
        });
        expect(res.headers.get("WWW-Authenticate")).toBe("Bearer");
      }
    }
    expect(stateOf(t)).toEqual(before);
  });

  it("answers 401 to a token that worked until its user was deleted: the verified-token cache does not keep it alive", async () => {
    const t = await givenApp();
    const token = await t.tokenFor(t.admin);
    const headers = { Authorization: `Bearer ${token}` };
    expect((await t.send("GET", "/warehouses", { headers })).status).toBe(200);
    expect((await t.send("GET", "/orders", { headers })).status).toBe(200);
    t.ports.db.tables.users.delete(t.admin.userId);
    const before = stateOf(t);
    for (const [method, pattern, path, body] of authenticatedRoutes(t)) {
      const res = await t.send(method, path, { headers, ...(body === undefined ? {} : { body }) });
      expect({ route: `${method} ${pattern}`, status: res.status, code: res.json.code }).toEqual({
        route: `${method} ${pattern}`,
        status: 401,
        code: "unauthenticated",
      });
    }
    expect(stateOf(t)).toEqual(before);
  });

  it("takes the role from the stored user: a demoted admin loses admin at once, a promoted customer gains it", async () => {
    const t = await givenApp();
    const adminToken = { Authorization: `Bearer ${await t.tokenFor(t.admin)}` };
    const aliceToken = { Authorization: `Bearer ${await t.tokenFor(t.alice)}` };
    const stock = `/warehouses/${t.north.id}/stock`;
    expect((await t.send("GET", stock, { headers: adminToken })).status).toBe(200);
    const { users } = t.ports.db.tables;
    const admin = users.get(t.admin.userId);
    const alice = users.get(t.alice.userId);
    if (admin === undefined || alice === undefined) throw new Error("fixture users missing");
    users.set(admin.id, { ...admin, role: "customer" });
    users.set(alice.id, { ...alice, role: "admin" });
    const demoted = await t.send("GET", stock, { headers: adminToken });
    expect(demoted.status).toBe(403);
    expect(demoted.json.code).toBe("forbidden");
    expect((await t.send("GET", stock, { headers: aliceToken })).status).toBe(200);
  });
});

describe("admin routes authorize before they validate", () => {
  /** Each admin route with inputs that are wrong in every way a validator would notice. */
  interface Garbage {
    readonly method: string;
    readonly path: string;
    readonly body?: string;
    readonly headers?: Record<string, string>;
  }
  const garbage: readonly Garbage[] = [
    { method: "POST", path: "/transfer", body: '{"from_warehouse_id":"x"}' },
    { method: "POST", path: "/transfer", body: "{nope" },
    { method: "POST", path: "/transfer", body: "" },
    { method: "POST", path: "/transfer", body: "[]" },
    { method: "POST", path: "/transfer", body: '{"from_warehouse_id":"\\u0000"}' },
    { method: "POST", path: "/transfer", body: '{"quantity":1}', headers: { "Idempotency-Key": "k".repeat(300) } },
    { method: "POST", path: "/transfer-product", body: '{"from_warehouse_id":"x"}' },
    { method: "POST", path: "/transfer-product", body: "{nope" },
    { method: "POST", path: "/transfer-product", body: "null" },
    { method: "POST", path: "/warehouse/1/update-status", body: '{"status":"bogus"}' },
    { method: "POST", path: "/warehouse/abc/update-status", body: '{"status":"inactive"}' },
    { method: "POST", path: "/warehouse/%00/update-status", body: "{nope" },
    { method: "POST", path: "/warehouse/1/update-status", body: "" },
    { method: "POST", path: "/warehouse/1/update-status", body: '{"status":"inactive","x":1}' },
    { method: "GET", path: "/warehouses/abc/stock" },
    { method: "GET", path: "/warehouses/0/stock" },
    { method: "GET", path: "/warehouses/%00/stock?x=%01" },
  ];

  it.each(garbage)("a customer gets 403 for $method $path with body $body", async ({ method, path, body, headers }) => {
    const t = await givenApp();
    const before = stateOf(t);
    const res = await t.send(method, path, {
      as: t.alice,
      ...(body === undefined ? {} : { body }),
      ...(headers === undefined ? {} : { headers }),
    });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: "forbidden", error: expect.stringMatching(/^only an admin may /) });
    expect(stateOf(t)).toEqual(before);
  });

  it("an admin sending the same garbage gets the validation answer", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/transfer", { as: t.admin, body: '{"from_warehouse_id":"x"}' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field: "from_warehouse_id" });
  });
});
