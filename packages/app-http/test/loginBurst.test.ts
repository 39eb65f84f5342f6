// Issue 9, item 5: 50 parallel wrong passwords for one login run at most 5 password checks; the
// rest are refused with 429 before any hashing. On both compositions the container builds:
// embedded (PGlite, in-process lockout) and real (Postgres, lockout in Redis).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres, migrate, ScryptPasswordHasher } from "@orders/adapters";
import { DEFAULT_MAX_LOGIN_FAILURES } from "@orders/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSchema, type TestSchema } from "../../adapters/test/support/postgresSchema.js";
import { describeWithServer, postgresUrl, redisUrl } from "../../adapters/test/support/servers.js";
import { loadConfig } from "../src/config.js";
import { createRuntime, type Runtime } from "../src/container.js";
import type { App } from "../src/createApp.js";

const PARALLEL = 50;

async function logIn(app: App, login: string, password: string) {
  const res = await app.request("/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email_or_phone: login, password }),
  });
  return { status: res.status, retryAfter: res.headers.get("Retry-After"), json: await res.json() };
}

/** `login` logs in with `password` and has no failures yet on `getApp()`'s lockout. */
function burstSuite(getApp: () => App, account: () => { login: string; password: string }): void {
  it(`answers ${PARALLEL} parallel wrong passwords for one login with 5 x 401 and the rest 429 with Retry-After`, async () => {
    const app = getApp();
    const { login, password } = account();

    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => logIn(app, login, "wrong")));

    const statuses: Record<number, number> = {};
    for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
    expect(statuses).toEqual({ 401: DEFAULT_MAX_LOGIN_FAILURES, 429: PARALLEL - DEFAULT_MAX_LOGIN_FAILURES });
    for (const answer of answers.filter((a) => a.status === 429)) {
      expect(answer.json).toMatchObject({ code: "too_many_login_attempts" });
      const retryAfter = Number(answer.retryAfter);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    }
    // A lockout holds for the right password too.
    expect((await logIn(app, login, password)).status).toBe(429);
  }, 60_000);
}

describe("login burst on the embedded composition (PGlite, in-process lockout)", () => {
  let dataDir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "orders-login-burst-"));
    runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", JWT_SECRET: "s".repeat(32) }));
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  burstSuite(
    () => runtime.app,
    () => ({ login: "customer@example.com", password: "customer123" }),
  );
});

describeWithServer("postgres")("login burst on the real composition", () => {
  describeWithServer("redis")("Postgres, lockout in Redis", realCompositionSuite);
});

function realCompositionSuite(): void {
  // The lockout keys live in the shared test Redis under the service's own prefix: a login of
  // this run only, so parallel runs and earlier ones cannot meet.
  const login = `burst-${randomUUID()}@example.com`;
  const password = "right-password";
  let schema: TestSchema;
  let runtime: Runtime;
  beforeAll(async () => {
    schema = await createTestSchema(postgresUrl() ?? "", "login_burst");
    const db = connectPostgres({ connectionString: schema.url, max: 2 });
    try {
      await migrate(db, { seed: false });
      await db.query("INSERT INTO users (email, password_hash, role) VALUES ($1, $2, 'customer')", [
        login,
        await new ScryptPasswordHasher().hash(password),
      ]);
    } finally {
      await db.close();
    }
    runtime = await createRuntime(
      loadConfig({
        DATABASE_URL: schema.url,
        REDIS_URL: redisUrl() ?? "",
        LOG_LEVEL: "silent",
        JWT_SECRET: "s".repeat(32),
      }),
    );
    // The real composition starts before Redis is connected; wait until it says it is ready
    // (200 "degraded" means Redis is not connected yet).
    const ready = async () => ((await (await runtime.app.request("/readyz")).json()) as { status?: string }).status;
    for (let tries = 0; (await ready()) !== "ready"; tries++) {
      if (tries === 100) throw new Error("the real composition did not get ready");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);
  afterAll(async () => {
    // The login's lockout key is left to expire with its window.
    await runtime?.close();
    await schema?.drop();
  });
  burstSuite(
    () => runtime.app,
    () => ({ login, password }),
  );
}
