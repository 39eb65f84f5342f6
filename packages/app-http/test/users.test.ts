import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

const login = async (t: Awaited<ReturnType<typeof givenApp>>, emailOrPhone: string, password: string) =>
  t.send("POST", "/login", { body: { email_or_phone: emailOrPhone, password } });

describe("POST /users", () => {
  it("creates an active user with a lower-cased email, by phone only, or with both; each logs in", async () => {
    const t = await givenApp();
    const byEmail = await t.send("POST", "/users", {
      as: t.admin,
      body: { email: "  New.Shopper@Example.COM ", password: "password-1", role: "customer" },
    });
    expect(byEmail.status).toBe(201);
    expect(byEmail.json).toEqual({
      id: expect.any(Number),
      email: "new.shopper@example.com",
      phone: null,
      role: "customer",
      status: "active",
    });
    const byPhone = await t.send("POST", "/users", {
      as: t.admin,
      body: { phone: "+6281234567890", password: "password-2", role: "admin" },
    });
    expect(byPhone.status).toBe(201);
    expect(byPhone.json).toMatchObject({ email: null, phone: "+6281234567890", role: "admin", status: "active" });
    const both = await t.send("POST", "/users", {
      as: t.admin,
      body: { email: "both@example.com", phone: "0811111111", password: "password-3", role: "customer" },
    });
    expect(both.status).toBe(201);
    expect((await login(t, "NEW.SHOPPER@example.com", "password-1")).status).toBe(200);
    expect((await login(t, "+6281234567890", "password-2")).status).toBe(200);
    expect((await login(t, "0811111111", "password-3")).status).toBe(200);
    expect((await login(t, "both@example.com", "password-3")).status).toBe(200);
  });

  it("answers 409 login_taken naming the field, for an email in any case or a phone already in use", async () => {
    const t = await givenApp();
    const email = await t.send("POST", "/users", {
      as: t.admin,
      body: { email: "ALICE@example.com", password: "password-1", role: "customer" },
    });
    expect(email.status).toBe(409);
    expect(email.json).toEqual({ code: "login_taken", field: "email", error: expect.any(String) });
    const phone = await t.send("POST", "/users", {
      as: t.admin,
      body: { email: "fresh@example.com", phone: "+15550001", password: "password-1", role: "customer" },
    });
    expect(phone.status).toBe(409);
    expect(phone.json).toMatchObject({ code: "login_taken", field: "phone" });
    expect((await login(t, "fresh@example.com", "password-1")).status).toBe(401);
  });

  it("of parallel creates with one email, one is 201 and the others 409", async () => {
    const t = await givenApp();
    const statuses = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const res = await t.send("POST", "/users", {
          as: t.admin,
          body: { email: "twin@example.com", password: "password-1", role: "customer" },
        });
        return res.status;
      }),
    );
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it.each([
    ["email", { email: 42 }, "email"],
    ["email", { email: "not-an-email" }, "email"],
    ["email", { email: "a@b" }, "email"],
    ["email", { email: "two@@example.com" }, "email"],
    ["email", { email: `${"a".repeat(250)}@example.com` }, "email"],
    ["phone", { email: undefined, phone: 62812345 }, "phone"],
    ["phone", { email: undefined, phone: "0812 3456 789" }, "phone"],
    ["phone", { email: undefined, phone: "12345" }, "phone"],
    ["phone", { email: undefined, phone: "+1234567890123456" }, "phone"],
    ["neither", { email: null, phone: null }, "email"],
    ["neither", { email: undefined }, "email"],
    ["password", { password: "short" }, "password"],
    ["password", { password: "x".repeat(1025) }, "password"],
    ["password", { password: 12345678 }, "password"],
    ["password", { password: undefined }, "password"],
    ["role", { role: "owner" }, "role"],
    ["role", { role: undefined }, "role"],
    ["unknown field", { nickname: "x" }, "nickname"],
  ])("answers 400 invalid_input for a bad %s", async (_, change, field) => {
    const t = await givenApp();
    const body = { email: "valid@example.com", password: "password-1", role: "customer", ...change };
    const res = await t.send("POST", "/users", { as: t.admin, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
  });

  it("is for admins only (403 before the body is read) and needs a token (401)", async () => {
    const t = await givenApp();
    const customer = await t.send("POST", "/users", { as: t.alice, body: { role: "nonsense" } });
    expect(customer.status).toBe(403);
    expect(customer.json).toMatchObject({ code: "forbidden" });
    const anonymous = await t.send("POST", "/users", { body: { email: "x@example.com" } });
    expect(anonymous.status).toBe(401);
  });

  it("honours an Idempotency-Key: the same request replays the 201, one user is created", async () => {
    const t = await givenApp();
    const body = { email: "once@example.com", password: "password-1", role: "customer" };
    const headers = { "Idempotency-Key": "create-once-1" };
    const first = await t.send("POST", "/users", { as: t.admin, body, headers });
    const again = await t.send("POST", "/users", { as: t.admin, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
  });
});

describe("PATCH /users/{id}", () => {
  it("disables a user: their token is refused at once and they cannot log in, right password or not", async () => {
    const t = await givenApp();
    const token = (await login(t, "alice@example.com", "alice123")).json.token as string;
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await t.send("GET", "/me", { headers: bearer })).status).toBe(200);
    const disabled = await t.send("PATCH", `/users/${t.alice.userId}`, { as: t.admin, body: { status: "disabled" } });
    expect(disabled.status).toBe(200);
    expect(disabled.json).toMatchObject({ id: t.alice.userId, status: "disabled", role: "customer" });
    const refused = await t.send("GET", "/orders", { headers: bearer });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ code: "unauthenticated" });
    const right = await login(t, "alice@example.com", "alice123");
    const wrong = await login(t, "alice@example.com", "wrong-password");
    expect(right.status).toBe(401);
    expect(right.json).toEqual(wrong.json);
    expect(right.json).toMatchObject({ code: "invalid_credentials" });
    const enabled = await t.send("PATCH", `/users/${t.alice.userId}`, { as: t.admin, body: { status: "active" } });
    expect(enabled.status).toBe(200);
    expect((await t.send("GET", "/me", { headers: bearer })).status).toBe(200);
  });

  it("changes a role, which applies to the user's next request", async () => {
    const t = await givenApp();
    const promoted = await t.send("PATCH", `/users/${t.bob.userId}`, { as: t.admin, body: { role: "admin" } });
    expect(promoted.status).toBe(200);
    expect(promoted.json).toMatchObject({ id: t.bob.userId, role: "admin", status: "active" });
    // The token still says customer; the stored user says admin.
    expect((await t.send("GET", "/users", { as: t.bob })).status).toBe(200);
  });

  it("answers 409 last_admin for demoting or disabling the only active admin, even oneself", async () => {
    const t = await givenApp();
    for (const body of [{ role: "customer" }, { status: "disabled" }]) {
      const res = await t.send("PATCH", `/users/${t.admin.userId}`, { as: t.admin, body });
      expect(res.status).toBe(409);
      expect(res.json).toMatchObject({ code: "last_admin", user_id: t.admin.userId });
    }
    await t.send("PATCH", `/users/${t.bob.userId}`, { as: t.admin, body: { role: "admin" } });
    const now = await t.send("PATCH", `/users/${t.admin.userId}`, { as: t.admin, body: { role: "customer" } });
    expect(now.status).toBe(200);
  });

  it("answers 404 user_not_found, 403 for a customer, 400 for a bad id or field", async () => {
    const t = await givenApp();
    const missing = await t.send("PATCH", "/users/999", { as: t.admin, body: { role: "admin" } });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: "user_not_found", user_id: 999 });
    expect((await t.send("PATCH", `/users/${t.bob.userId}`, { as: t.alice, body: { role: "admin" } })).status).toBe(
      403,
    );
    for (const [path, body, field] of [
      ["/users/abc", { role: "admin" }, "id"],
      ["/users/0", { role: "admin" }, "id"],
      [`/users/${t.bob.userId}`, { role: "owner" }, "role"],
      [`/users/${t.bob.userId}`, { status: "deleted" }, "status"],
      [`/users/${t.bob.userId}`, { status: 1 }, "status"],
      [`/users/${t.bob.userId}`, { email: "x@example.com" }, "email"],
    ] as const) {
      const res = await t.send("PATCH", path, { as: t.admin, body });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: "invalid_input", field });
    }
  });
});

describe("GET /users", () => {
  it("lists users by id, keyset-paged with a Link to the next page; admins only", async () => {
    const t = await givenApp();
    const first = await t.send("GET", "/users?limit=2", { as: t.admin });
    expect(first.status).toBe(200);
    expect(first.list.map((u) => u.email)).toEqual(["admin@example.com", "alice@example.com"]);
    expect(first.list[1]).toEqual({
      id: t.alice.userId,
      email: "alice@example.com",
      phone: "+15550001",
      role: "customer",
      status: "active",
    });
    expect(first.headers.get("Link")).toBe(`</users?limit=2&after_id=${t.alice.userId}>; rel="next"`);
    const second = await t.send("GET", `/users?limit=2&after_id=${t.alice.userId}`, { as: t.admin });
    expect(second.list.map((u) => u.email)).toEqual(["bob@example.com"]);
    expect(second.headers.get("Link")).toBeNull();
    expect((await t.send("GET", "/users", { as: t.alice })).status).toBe(403);
    const bad = await t.send("GET", "/users?limit=0", { as: t.admin });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: "invalid_input", field: "limit" });
    expect((await t.send("GET", "/users?after_id=x", { as: t.admin })).json).toMatchObject({ field: "after_id" });
  });
});

describe("GET /me and POST /me/password", () => {
  it("GET /me answers the signed-in user; 401 without a token", async () => {
    const t = await givenApp();
    const me = await t.send("GET", "/me", { as: t.alice });
    expect(me.status).toBe(200);
    expect(me.json).toEqual({
      id: t.alice.userId,
      email: "alice@example.com",
      phone: "+15550001",
      role: "customer",
      status: "active",
    });
    expect((await t.send("GET", "/me")).status).toBe(401);
  });

  it("changes the password: 200 with the user, the new one logs in, the old one no longer does", async () => {
    const t = await givenApp();
    const res = await t.send("POST", "/me/password", {
      as: t.alice,
      body: { current_password: "alice123", new_password: "a much longer passphrase" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: t.alice.userId, email: "alice@example.com", status: "active" });
    expect((await login(t, "alice@example.com", "alice123")).status).toBe(401);
    expect((await login(t, "+15550001", "a much longer passphrase")).status).toBe(200);
  });

  it("answers 403 wrong_password for a wrong current password, and 429 after 5 of them", async () => {
    const t = await givenApp();
    const attempt = () =>
      t.send("POST", "/me/password", { as: t.bob, body: { current_password: "guess", new_password: "new-password" } });
    for (let i = 0; i < 5; i++) {
      const res = await attempt();
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ code: "wrong_password", field: "current_password" });
    }
    const locked = await attempt();
    expect(locked.status).toBe(429);
    expect(locked.json).toMatchObject({ code: "too_many_login_attempts" });
    expect(locked.headers.get("Retry-After")).toMatch(/^[0-9]+$/);
    expect((await login(t, "bob@example.com", "bob123")).status).toBe(200);
  });

  it.each([
    [{ current_password: "alice123", new_password: "short" }, "new_password"],
    [{ current_password: "alice123", new_password: "x".repeat(1025) }, "new_password"],
    [{ current_password: "alice123" }, "new_password"],
    [{ current_password: "", new_password: "new-password" }, "current_password"],
    [{ current_password: 1, new_password: "new-password" }, "current_password"],
    [{ new_password: "new-password" }, "current_password"],
    [{ current_password: "alice123", new_password: "new-password", extra: 1 }, "extra"],
  ])("answers 400 invalid_input for %j", async (body, field) => {
    const t = await givenApp();
    const res = await t.send("POST", "/me/password", { as: t.alice, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "invalid_input", field });
  });
});
