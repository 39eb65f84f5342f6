import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

const { version: swaggerUiVersion } = createRequire(import.meta.url)("swagger-ui-dist/package.json") as {
  version: string;
};

/** Every src= and href= in the page. */
const references = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1] ?? "");

describe("GET /docs", () => {
  it("references only this service's own URLs: no http(s) URL and no protocol-relative one", async () => {
    const t = await givenApp();
    const res = await t.app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    const html = await res.text();
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/["'(]\/\//);
    const refs = references(html);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const ref of refs) expect(ref, ref).toMatch(/^\/docs\/assets\//);
    expect(html).toContain('data-spec-url="/openapi.json"');
  });

  it("allows scripts, styles and fetches from this origin only (no inline script)", async () => {
    const t = await givenApp();
    const res = await t.app.request("/docs");
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(await res.text()).not.toMatch(/<script>/);
  });

  it("serves every asset the page references, pinned ones cached for good, with their content types", async () => {
    const t = await givenApp();
    const refs = references(await (await t.app.request("/docs")).text());
    const byName = new Map(refs.map((ref) => [ref.slice(ref.lastIndexOf("/") + 1), ref]));
    const expected: Record<string, { type: string; cache: string }> = {
      "swagger-ui.css": { type: "text/css", cache: "immutable" },
      "swagger-ui-bundle.js": { type: "text/javascript", cache: "immutable" },
      "favicon-32x32.png": { type: "image/png", cache: "immutable" },
      "init.js": { type: "text/javascript", cache: "no-cache" },
    };
    expect([...byName.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [name, ref] of byName) {
      const res = await t.app.request(ref);
      expect(res.status, ref).toBe(200);
      expect(res.headers.get("Content-Type"), ref).toContain(expected[name]?.type);
      expect(res.headers.get("Cache-Control"), ref).toContain(expected[name]?.cache);
      expect(res.headers.get("X-Content-Type-Options"), ref).toBe("nosniff");
      expect((await res.arrayBuffer()).byteLength, ref).toBeGreaterThan(100);
    }
    // The pinned files live under their version, so an upgrade changes the URL and no browser keeps the old one.
    expect(byName.get("swagger-ui-bundle.js")).toContain(`swagger-ui-${swaggerUiVersion}/`);
  });

  it("answers the JSON 404 for any other file, including the package's own files it does not serve", async () => {
    const t = await givenApp();
    for (const path of [
      `/docs/assets/swagger-ui-${swaggerUiVersion}/package.json`,
      `/docs/assets/swagger-ui-${swaggerUiVersion}/..%2Fpackage.json`,
      "/docs/assets/swagger-ui-0.0.0/swagger-ui-bundle.js",
      "/docs/assets/nothing.js",
    ]) {
      const res = await t.send("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.json.code, path).toBe("not_found");
    }
  });
});
