// Items 3 and 4 of issue 9 against the real adapters, where they were 500s: a NUL in a login is an
// encoding error in PostgreSQL, and an order for a user id that is not stored breaks
// orders_user_id_fkey. Runs on PGlite (the embedded engine) and on real Postgres.

import { JoseTokenIssuer, SqlIdempotencyStore, type SqlRunner } from "@orders/adapters";
import { beforeAll, expect, it } from "vitest";
import type { App } from "../src/createApp.js";
import { APP_ON_DATABASE_SECRET, appOnDatabase } from "./appOnDatabase.js";
import { onSeededDatabases } from "./seededDatabases.js";

const CONTROL = /\p{Cc}/u;

/** `db`, noting every parameter any statement is sent with (in transactions too). */
function recording(db: SqlRunner, sent: unknown[]): SqlRunner {
  return {
    query: <R>(sql: string, params?: readonly unknown[]) => {
      sent.push(...(params ?? []));
      return db.query<R>(sql, params);
    },
    transaction: (work) => db.transaction((tx) => work(recording(tx, sent))),
    close: () => db.close(),
  };
}

async function call(app: App, method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const res = await app.request(path, {
    method,
    headers: options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function untrustedInputSuite(getDb: () => SqlRunner): void {
  const sent: unknown[] = [];
  let app: App;
  const signer = new JoseTokenIssuer({ secret: APP_ON_DATABASE_SECRET, ttlSeconds: 600 });
  beforeAll(() => {
    const db = recording(getDb(), sent);
    app = appOnDatabase(db, { idempotency: new SqlIdempotencyStore(db) });
  });

  it("answers 400 to a login holding NUL or another control character, and no statement carries one", async () => {
    sent.length = 0;
    for (const bad of ["\u0000", "\u0001", "\n", "\u007f", "\u0085"]) {
      for (const body of [
        { email_or_phone: `admin@example.com${bad}`, password: "x" },
        { email_or_phone: "admin@example.com", password: `admin123${bad}` },
      ]) {
        const res = await call(app, "POST", "/login", { body });
        const field = body.password === "x" ? "email_or_phone" : "password";
        expect(res).toEqual({
          status: 400,
          json: { code: "invalid_input", field, error: `${field}: must not contain control characters` },
        });
      }
    }
    expect(sent.filter((param) => typeof param === "string" && CONTROL.test(param))).toEqual([]);
    // The same app still logs the user in.
    expect(
      (await call(app, "POST", "/login", { body: { email_or_phone: "admin@example.com", password: "admin123" } }))
        .status,
    ).toBe(200);
  });

  it("answers 400 to a checkout holding NUL sent with an Idempotency-Key, and replays it: no statement carries a NUL", async () => {
    const login = await call(app, "POST", "/login", {
      body: { email_or_phone: "081234567891", password: "customer123" },
    });
    sent.length = 0;
    const checkout = () =>
      app.request("/checkout", {
        method: "POST",
        headers: { Authorization: `Bearer ${login.json.token}`, "Idempotency-Key": "nul-checkout" },
        body: JSON.stringify({ product_id: 1, quantity: 1, "note\u0000": "\u0000" }),
      });
    const first = await checkout();
    expect(first.status).toBe(400);
    expect(await first.json()).toMatchObject({ code: "invalid_input", field: "note\u0000" });
    const again = await checkout();
    expect(again.status).toBe(400);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((param) => typeof param === "string" && param.includes("\u0000"))).toEqual([]);
  });

  it("answers 401 on checkout (not a 500 from orders_user_id_fkey) to a signed token for a user id not stored", async () => {
    const { token } = await signer.issue({ userId: 987_654, role: "customer" });
    const [before] = await getDb().query<{ n: number }>("SELECT count(*)::int AS n FROM orders", []);
    const res = await call(app, "POST", "/checkout", { token, body: { product_id: 1, quantity: 1 } });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe("unauthenticated");
    expect(await getDb().query("SELECT count(*)::int AS n FROM orders", [])).toEqual([before]);
  });

  it("answers 401 everywhere once the token's user is deleted, though the token worked a moment before", async () => {
    const db = getDb();
    const [row] = await db.query<{ id: unknown }>(
      "INSERT INTO users (email, phone, password_hash, role) VALUES ('leaving@example.com', NULL, 'x', 'customer') RETURNING id",
      [],
    );
    const { token } = await signer.issue({ userId: Number(row?.id), role: "customer" });
    expect((await call(app, "GET", "/orders", { token })).status).toBe(200);
    await db.query("DELETE FROM users WHERE id = $1", [row?.id]);
    expect((await call(app, "GET", "/orders", { token })).status).toBe(401);
    const checkout = await call(app, "POST", "/checkout", { token, body: { product_id: 1, quantity: 1 } });
    expect(checkout).toEqual({
      status: 401,
      json: { code: "unauthenticated", error: "the token's user no longer exists" },
    });
  });
}

onSeededDatabases("untrusted input", { schemaPrefix: "http_untrusted", poolMax: 2 }, untrustedInputSuite);
