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
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ code: "forbidden", error: expect.stringContaining("only an admin may") });
    }
    const north = await t.ports.warehouses.findById(t.north.id);
    expect(north?.status).toBe("active");
  });
});
