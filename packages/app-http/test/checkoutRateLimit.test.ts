// The per-user checkout rate limit: on a tiny app of its own, through the whole app, and shared by two processes through Redis.
import { randomInt } from "node:crypto";
import { connectPostgres, JoseTokenIssuer, migrate, SystemClock } from "@orders/adapters";
import { Hono } from "hono";
import { MemoryStore } from "hono-rate-limiter";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestSchema, type TestSchema } from "../../adapters/test/support/postgresSchema.js";
import { describeWithServer, postgresUrl, redisUrl } from "../../adapters/test/support/servers.js";
import { loadConfig } from "../src/config.js";
import { createRuntime, type Runtime } from "../src/container.js";
import type { AppEnv } from "../src/http/AppEnv.js";
import { type CheckoutRateLimitOptions, checkoutRateLimit } from "../src/http/checkoutRateLimit.js";
import { handleError } from "../src/http/handleError.js";
import { givenApp } from "./givenApp.js";

/** The limit behind a stand-in for `authenticate` that takes the user id from a header. */
function tinyApp(options: CheckoutRateLimitOptions) {
  const app = new Hono<AppEnv>();
  app.onError(handleError(pino({ level: "silent" })));
  app.post(
    "/checkout",
    async (c, next) => {
      c.set("actor", { userId: Number(c.req.header("X-User")), role: "customer" });
      await next();
    },
    checkoutRateLimit(options),
    (c) => c.json({ ok: true }, 201),
  );
  return async (userId: number) => {
    const res = await app.request("/checkout", { method: "POST", headers: { "X-User": String(userId) } });
    return {
      status: res.status,
      retryAfter: res.headers.get("Retry-After"),
      json: (await res.json()) as Record<string, unknown>,
    };
  };
}

describe("checkoutRateLimit middleware", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets `limit` requests per user through in 10 s, then answers 429 rate_limited with Retry-After", async () => {
    const checkout = tinyApp({ limit: 3 });
    for (let i = 0; i < 3; i++) expect((await checkout(1)).status).toBe(201);
    const refused = await checkout(1);
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      code: "rate_limited",
      error: expect.stringContaining("more than 3 checkouts in 10 s"),
      retry_after_seconds: expect.any(Number),
      limit: 3,
    });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(10);
    expect(refused.retryAfter).toBe(String(refused.json.retry_after_seconds));
    // Another user has a budget of their own.
    expect((await checkout(2)).status).toBe(201);
  });

  it("opens a new window 10 s after the first request", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z"), toFake: ["Date"] });
    const checkout = tinyApp({ limit: 2 });
    await checkout(1);
    vi.setSystemTime(new Date("2026-01-01T00:00:04Z"));
    await checkout(1);
    const refused = await checkout(1);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe("6");
    vi.setSystemTime(new Date("2026-01-01T00:00:10.001Z"));
    expect((await checkout(1)).status).toBe(201);
  });

  it("is off at 0", async () => {
    const checkout = tinyApp({ limit: 0 });
    for (let i = 0; i < 50; i++) expect((await checkout(1)).status).toBe(201);
  });

  it("lets requests through, reporting the failure, while its store fails", async () => {
    const broken = new MemoryStore<AppEnv>();
    broken.increment = () => {
      throw new Error("redis is not connected");
    };
    const failures: unknown[] = [];
    const checkout = tinyApp({ limit: 1, store: broken, onStoreError: (error) => failures.push(error) });
    for (let i = 0; i < 3; i++) expect((await checkout(1)).status).toBe(201);
    expect(failures).toHaveLength(3);
  });
});

describe("checkout rate limit in the app", () => {
  it("applies to POST /checkout only, after authentication, per user", async () => {
    const t = await givenApp({ checkoutRateLimit: { limit: 2 } });
    const checkout = (as = t.alice) =>
      t.send("POST", "/checkout", { as, body: { product_id: t.widget.id, quantity: 1 } });
    // Requests without a valid token are refused before they count.
    for (let i = 0; i < 3; i++) expect((await t.send("POST", "/checkout", { body: {} })).status).toBe(401);
    expect((await checkout()).status).toBe(201);
    expect((await checkout()).status).toBe(201);
    const refused = await checkout();
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ code: "rate_limited", limit: 2 });
    expect(refused.headers.get("Retry-After")).toMatch(/^([1-9]|10)$/);
    expect((await checkout(t.bob)).status).toBe(201);
    // Other routes are not limited.
    for (let i = 0; i < 3; i++) expect((await t.send("GET", "/orders", { as: t.alice })).status).toBe(200);
    // The refused request reserved nothing.
    expect([...t.ports.db.tables.orders.values()].filter((o) => o.userId === t.alice.userId)).toHaveLength(2);
  });
});

describeWithServer("postgres")("checkout rate limit on the real composition", () => {
  describeWithServer("redis")("two HTTP processes sharing one limit through Redis", () => {
    // A user id no other run uses: the keys live in the shared test Redis under the service's prefix.
    const userId = randomInt(1_000_000_000, 2_000_000_000);
    const otherId = userId + 1;
    let schema: TestSchema;
    let runtimes: Runtime[] = [];
    beforeAll(async () => {
      schema = await createTestSchema(postgresUrl() ?? "", "checkout_limit");
      const db = connectPostgres({ connectionString: schema.url, max: 2 });
      try {
        await migrate(db, { seed: false });
        await db.query(
          "INSERT INTO users (id, email, password_hash, role) VALUES ($1, $2, 'x', 'customer'), ($3, $4, 'x', 'customer')",
          [userId, `limit-${userId}@example.com`, otherId, `limit-${otherId}@example.com`],
        );
      } finally {
        await db.close();
      }
      const config = loadConfig({
        DATABASE_URL: schema.url,
        REDIS_URL: redisUrl() ?? "",
        LOG_LEVEL: "silent",
        JWT_SECRET: "s".repeat(32),
        CHECKOUT_RATE_LIMIT: "4",
      });
      runtimes = [await createRuntime(config), await createRuntime(config)];
      for (const runtime of runtimes) {
        const ready = async () => ((await (await runtime.app.request("/readyz")).json()) as { status?: string }).status;
        for (let tries = 0; (await ready()) !== "ready"; tries++) {
          if (tries === 100) throw new Error("the real composition did not get ready");
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }, 60_000);
    afterAll(async () => {
      for (const runtime of runtimes) await runtime.close();
      await schema?.drop();
    });

    it("counts a user's checkouts on either process against one limit", async () => {
      const issuer = new JoseTokenIssuer({ secret: "s".repeat(32), ttlSeconds: 600, clock: new SystemClock() });
      const tokenOf = async (id: number) => (await issuer.issue({ userId: id, role: "customer" })).token;
      const checkout = async (runtime: Runtime, id: number) => {
        const res = await runtime.app.request("/checkout", {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${await tokenOf(id)}` },
          body: JSON.stringify({ product_id: 1, quantity: 1 }),
        });
        return { status: res.status, retryAfter: res.headers.get("Retry-After"), json: (await res.json()) as object };
      };
      const [a, b] = runtimes as [Runtime, Runtime];
      // No product 1 exists: each allowed request is a 404, and counts all the same.
      const allowed = [
        await checkout(a, userId),
        await checkout(b, userId),
        await checkout(a, userId),
        await checkout(b, userId),
      ];
      expect(allowed.map((r) => r.status)).toEqual([404, 404, 404, 404]);
      for (const runtime of [a, b]) {
        const refused = await checkout(runtime, userId);
        expect(refused.status).toBe(429);
        expect(refused.json).toMatchObject({ code: "rate_limited", limit: 4 });
        expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      }
      expect((await checkout(b, otherId)).status).toBe(404);
    }, 30_000);
  });
});
