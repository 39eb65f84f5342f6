import { StorageUnavailableError } from "@orders/domain";
import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

describe("ops routes", () => {
  it("GET /healthz answers 200 without a token", async () => {
    const t = await givenApp();
    const res = await t.send("GET", "/healthz");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok" });
  });

  it("GET /readyz is 200 ready when every check passes", async () => {
    const up = await givenApp({
      readiness: { required: { database: async () => undefined }, optional: { redis: async () => undefined } },
    });
    const ready = await up.send("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: "ready", checks: { database: "up", redis: "up" } });
  });

  it("GET /readyz stays 200 with Redis down, reported degraded: checkout and pay still work", async () => {
    const t = await givenApp({
      readiness: {
        required: { database: async () => undefined },
        optional: {
          redis: async () => {
            throw new StorageUnavailableError();
          },
        },
      },
    });
    const res = await t.send("GET", "/readyz");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "degraded", checks: { database: "up", redis: "down" } });
  });

  it("GET /readyz is 503 storage_unavailable when the database is down, naming every check", async () => {
    const t = await givenApp({
      readiness: {
        required: {
          database: async () => {
            throw new StorageUnavailableError();
          },
        },
        optional: { redis: async () => undefined },
      },
    });
    const res = await t.send("GET", "/readyz");
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("1");
    expect(res.json).toEqual({
      error: "a required dependency is unavailable",
      code: "storage_unavailable",
      checks: { database: "down", redis: "up" },
    });
  });

  it("GET /metrics has request latency by route pattern and status", async () => {
    const t = await givenApp();
    await t.send("GET", `/orders/12345`, { as: t.alice });
    await t.send("GET", "/no/such/route");
    const res = await t.send("GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/plain");
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/orders\/:id",status="404"\} 1/,
    );
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/);
    expect(res.text).not.toContain("12345");
  });

  it("GET /openapi.json documents every route with the request schemas, and GET /docs renders it", async () => {
    const t = await givenApp();
    const res = await t.send("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const paths = res.json.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    expect(Object.keys(paths).sort()).toEqual(
      [
        "/checkout",
        "/healthz",
        "/login",
        "/metrics",
        "/orders",
        "/orders/{id}",
        "/orders/{id}/cancel",
        "/pay",
        "/products",
        "/products/{id}",
        "/readyz",
        "/transfer",
        "/transfer-product",
        "/warehouse/{id}/update-status",
        "/warehouses",
        "/warehouses/{id}",
        "/warehouses/{id}/stock",
        "/users",
        "/users/{id}",
        "/me",
        "/me/password",
      ].sort(),
    );
    const checkout = JSON.stringify(paths["/checkout"]?.post?.requestBody);
    for (const field of ["product_id", "quantity", "items", "warehouse_id"]) expect(checkout).toContain(field);
    const docs = await t.app.request("/docs");
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("/openapi.json");
  });
});

describe("every response", () => {
  it("carries a request id and the secure headers, errors included", async () => {
    const t = await givenApp();
    for (const path of ["/healthz", "/products", "/nowhere"]) {
      const res = await t.app.request(path);
      expect(res.headers.get("X-Request-Id"), path).toMatch(/.{8,}/);
      expect(res.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
      expect(res.headers.get("X-Frame-Options"), path).toBe("SAMEORIGIN");
      expect(res.headers.get("Strict-Transport-Security"), path).toContain("max-age=");
    }
  });

  it("logs one JSON line per request with method, route, status, duration, user id and request id", async () => {
    const t = await givenApp();
    const res = await t.app.request(`/orders`, { headers: { Authorization: `Bearer ${await t.tokenFor(t.alice)}` } });
    const line = t.logLines.find((l) => l.msg === "request");
    expect(line).toMatchObject({
      method: "GET",
      route: "/orders",
      status: 200,
      duration_ms: expect.any(Number),
      user_id: t.alice.userId,
      request_id: res.headers.get("X-Request-Id"),
    });
  });

  it("answers an unknown route with 404 in the error shape", async () => {
    const t = await givenApp();
    const res = await t.send("GET", "/nope");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: "no route for GET /nope", code: "not_found" });
    const wrongMethod = await t.send("DELETE", "/products");
    expect(wrongMethod.status).toBe(404);
  });

  it("answers an unexpected failure with a bare 500 and logs it with the request id", async () => {
    const t = await givenApp();
    t.service.listWarehouses.execute = async () => {
      throw new Error("secret internal detail");
    };
    const res = await t.send("GET", "/warehouses", { as: t.alice });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: "internal error", code: "internal" });
    const logged = t.logLines.find((l) => l.msg === "unexpected error");
    expect(logged).toMatchObject({ request_id: res.headers.get("X-Request-Id"), level: 50 });
    expect(JSON.stringify(logged)).toContain("secret internal detail");
  });

  it("answers storage_unavailable with 503", async () => {
    const t = await givenApp();
    t.service.listWarehouses.execute = async () => {
      throw new StorageUnavailableError(new Error("ECONNREFUSED"));
    };
    const res = await t.send("GET", "/warehouses", { as: t.alice });
    expect(res.status).toBe(503);
    expect(res.json).toEqual({
      error: "storage is unavailable, retry later",
      code: "storage_unavailable",
      retry_after_seconds: 1,
    });
  });
});
