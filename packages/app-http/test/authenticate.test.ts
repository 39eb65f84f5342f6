import { JoseTokenIssuer } from "@orders/adapters";
import { InMemoryDatabase, InMemoryUsers } from "@orders/domain/testing";
import { Hono } from "hono";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../src/http/AppEnv.js";
import { authenticate } from "../src/http/authenticate.js";
import { handleError } from "../src/http/handleError.js";

/** A tiny app answering the actor `authenticate` put on the context, over a fake user store. */
function tinyApp() {
  const db = new InMemoryDatabase();
  const tokens = new JoseTokenIssuer({ secret: "authenticate-test-secret-of-32-bytes!!", ttlSeconds: 600 });
  const app = new Hono<AppEnv>().get("/me", authenticate(tokens, new InMemoryUsers(db)), (c) => c.json(c.get("actor")));
  app.onError(handleError(pino({ level: "silent" })));
  const me = async (token: string) => {
    const res = await app.request("/me", { headers: { Authorization: `Bearer ${token}` } });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { db, tokens, me };
}

describe("authenticate", () => {
  it("puts the stored user on the context, with the stored role whatever the token says", async () => {
    const { db, tokens, me } = tinyApp();
    const user = db.addUser({ email: "a@example.com", phone: null, role: "customer", passwordHash: "h" });
    const { token } = await tokens.issue({ userId: user.id, role: "admin" });
    expect(await me(token)).toEqual({ status: 200, json: { userId: user.id, role: "customer" } });
  });

  it("answers 401 to a correctly signed token whose user is not stored", async () => {
    const { tokens, me } = tinyApp();
    const { token } = await tokens.issue({ userId: 42, role: "admin" });
    expect(await me(token)).toEqual({
      status: 401,
      json: { code: "unauthenticated", error: "the token's user no longer exists" },
    });
  });

  it("answers 401 once the user is deleted, though the same token was verified (and cached) before", async () => {
    const { db, tokens, me } = tinyApp();
    const user = db.addUser({ email: "a@example.com", phone: null, role: "admin", passwordHash: "h" });
    const { token } = await tokens.issue({ userId: user.id, role: "admin" });
    expect((await me(token)).status).toBe(200);
    db.tables.users.delete(user.id);
    expect((await me(token)).status).toBe(401);
  });
});
