import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { corsOrigins } from "../src/http/corsOrigins.js";
import { givenApp } from "./givenApp.js";

const SHOP = "https://shop.example.com";

const preflight = (origin: string) => ({
  method: "OPTIONS",
  headers: {
    Origin: origin,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization,content-type,idempotency-key",
  },
});

function tinyApp(origins: readonly string[]) {
  return new Hono().use(corsOrigins(origins)).post("/checkout", (c) => c.json({ ok: true }, 201));
}

describe("corsOrigins middleware", () => {
  it("answers an allowed origin's preflight 204 with the methods and headers the API uses", async () => {
    const res = await tinyApp([SHOP, "http://localhost:5173"]).request("/checkout", preflight(SHOP));
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
    expect(res.headers.get("Access-Control-Allow-Methods")?.split(",")).toEqual(
      expect.arrayContaining(["GET", "POST", "PATCH"]),
    );
    const allowed = res.headers.get("Access-Control-Allow-Headers")?.toLowerCase().split(",") ?? [];
    expect(allowed).toEqual(
      expect.arrayContaining(["authorization", "content-type", "idempotency-key", "if-match", "x-request-id"]),
    );
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
  });

  it("lets an allowed origin read X-Request-Id, Retry-After, ETag and Link", async () => {
    const res = await tinyApp([SHOP]).request("/checkout", { method: "POST", headers: { Origin: SHOP } });
    expect(res.status).toBe(201);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
    const exposed = res.headers.get("Access-Control-Expose-Headers")?.split(",") ?? [];
    expect(exposed).toEqual(expect.arrayContaining(["X-Request-Id", "Retry-After", "ETag", "Link"]));
    expect(res.headers.get("Vary")).toContain("Origin");
  });

  it("gives another origin no CORS headers, and its preflight is not answered", async () => {
    const app = tinyApp([SHOP]);
    const pre = await app.request("/checkout", preflight("https://evil.example"));
    expect(pre.status).toBe(404);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const res = await app.request("/checkout", { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(res.headers.get("Access-Control-Expose-Headers")).toBeNull();
  });

  it("is off with no origins: no CORS headers for anyone", async () => {
    const app = tinyApp([]);
    const pre = await app.request("/checkout", preflight(SHOP));
    expect(pre.status).toBe(404);
    const res = await app.request("/checkout", { method: "POST", headers: { Origin: SHOP } });
    expect([...res.headers.keys()].filter((h) => h.startsWith("access-control-"))).toEqual([]);
  });
});

describe("CORS through the app", () => {
  it("CORS_ORIGINS lets the listed storefront preflight and call the API; others get nothing", async () => {
    const t = await givenApp({ corsOrigins: [SHOP] });
    const pre = await t.app.request("/checkout", preflight(SHOP));
    expect(pre.status).toBe(204);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
    const products = await t.send("GET", "/products", { as: t.alice, headers: { Origin: SHOP } });
    expect(products.status).toBe(200);
    expect(products.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
    expect(products.headers.get("X-Request-Id")).toBeTruthy();
    // Errors too, so the storefront can read the error body.
    const refused = await t.send("GET", "/products", { headers: { Origin: SHOP } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
    const other = await t.app.request("/checkout", preflight("https://evil.example"));
    expect(other.status).toBe(404);
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("without CORS_ORIGINS the app sends no CORS headers", async () => {
    const t = await givenApp();
    const pre = await t.app.request("/checkout", preflight(SHOP));
    expect(pre.status).toBe(404);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});
