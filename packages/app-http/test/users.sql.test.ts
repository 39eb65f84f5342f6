// The users API over the real adapters with the seed data, on PGlite (the embedded engine) and on real Postgres.

import type { SqlRunner } from "@orders/adapters";
import { beforeAll, expect, it } from "vitest";
import type { App } from "../src/createApp.js";
import { appOnDatabase } from "./appOnDatabase.js";
import { onSeededDatabases } from "./seededDatabases.js";

async function call(app: App, method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const res = await app.request(path, {
    method,
    headers: {
      "Content-Type": "application/json",
      ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, link: res.headers.get("Link"), json: (text === "" ? {} : JSON.parse(text)) as never };
}

const tokenOf = async (app: App, login: string, password: string): Promise<string> => {
  const res = await call(app, "POST", "/login", { body: { email_or_phone: login, password } });
  expect(res.status).toBe(200);
  return (res.json as { token: string }).token;
};

function usersSuite(getDb: () => SqlRunner): void {
  let app: App;
  beforeAll(() => {
    app = appOnDatabase(getDb());
  });

  it("creates, finds, changes and re-passwords users through the stored rows", async () => {
    const admin = await tokenOf(app, "admin@example.com", "admin123");
    const created = await call(app, "POST", "/users", {
      token: admin,
      body: { phone: "+6289900001111", password: "phone-only-1", role: "customer" },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.any(Number),
      email: null,
      phone: "+6289900001111",
      role: "customer",
      status: "active",
    });
    const id = (created.json as { id: number }).id;
    const taken = await call(app, "POST", "/users", {
      token: admin,
      body: { email: "CUSTOMER@example.com", password: "password-1", role: "customer" },
    });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ code: "login_taken", field: "email" });

    const phoneUser = await tokenOf(app, "+6289900001111", "phone-only-1");
    expect((await call(app, "GET", "/me", { token: phoneUser })).json).toMatchObject({ id, phone: "+6289900001111" });
    const changed = await call(app, "POST", "/me/password", {
      token: phoneUser,
      body: { current_password: "phone-only-1", new_password: "phone-only-2" },
    });
    expect(changed.status).toBe(200);
    await tokenOf(app, "+6289900001111", "phone-only-2");

    const disabled = await call(app, "PATCH", `/users/${id}`, { token: admin, body: { status: "disabled" } });
    expect(disabled.json).toMatchObject({ id, status: "disabled" });
    expect((await call(app, "GET", "/me", { token: phoneUser })).status).toBe(401);
    const refused = await call(app, "POST", "/login", {
      body: { email_or_phone: "+6289900001111", password: "phone-only-2" },
    });
    expect(refused).toMatchObject({ status: 401, json: { code: "invalid_credentials" } });

    const lastAdmin = await call(app, "PATCH", "/users/1", { token: admin, body: { role: "customer" } });
    expect(lastAdmin).toMatchObject({ status: 409, json: { code: "last_admin", user_id: 1 } });
    const page = await call(app, "GET", "/users?limit=2", { token: admin });
    expect((page.json as { id: number }[]).map((u) => u.id)).toEqual([1, 2]);
    expect(page.link).toBe('</users?limit=2&after_id=2>; rel="next"');
  });
}

onSeededDatabases("users", { schemaPrefix: "users_http", poolMax: 4 }, usersSuite);
