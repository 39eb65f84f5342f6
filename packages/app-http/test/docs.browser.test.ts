import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { givenApp } from "./givenApp.js";

/** Debian's Chromium, installed by scripts/ensure-chromium.sh (which `make test` runs first). */
const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
// In CI a missing browser is a broken setup, never a silent skip: the suite runs and fails at launch.
const runs = present || process.env.CI === "true";
const NAME = "GET /docs in headless Chromium, no network beyond loopback";

interface Operation {
  readonly method: string;
  readonly path: string;
}

describe.skipIf(!runs)(runs ? NAME : `${NAME} [needs ${CHROMIUM}: run scripts/ensure-chromium.sh]`, () => {
  let browser: Browser | undefined;
  let close: (() => Promise<void>) | undefined;
  let base = "";
  let page: Page;
  /** Every request the page made that did not go to the server under test; each was aborted. */
  const offLoopback: string[] = [];
  const pageErrors: string[] = [];
  let operations: Operation[] = [];

  beforeAll(async () => {
    const t = await givenApp();
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", resolve));
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const spec = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, object> };
    operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ["get", "put", "post", "delete", "options", "head", "patch", "trace"].includes(method))
        .map((method) => ({ method, path })),
    );

    if (!present)
      throw new Error(`${CHROMIUM} is missing but CI=true: run scripts/ensure-chromium.sh (make test does)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // Belt and braces under page.route below: no host name resolves, so nothing leaves the machine.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      if (new URL(url).origin === base) return route.continue();
      offLoopback.push(url);
      return route.abort("blockedbyclient");
    });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(`${base}/docs`, { waitUntil: "load" });
    await page.locator(".opblock").first().waitFor({ timeout: 30_000 });
    if (process.env.DOCS_SCREENSHOT) await page.screenshot({ path: process.env.DOCS_SCREENSHOT, fullPage: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  it("renders every operation of /openapi.json as an operation block", async () => {
    expect(operations.length).toBeGreaterThan(10);
    const rendered = await page.locator(".opblock").evaluateAll((blocks) =>
      blocks.map((block) => ({
        method: block.querySelector(".opblock-summary-method")?.textContent?.trim().toLowerCase() ?? "",
        path: block.querySelector(".opblock-summary-path")?.getAttribute("data-path") ?? "",
      })),
    );
    const key = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;
    expect(rendered.map(key).sort()).toEqual(operations.map(key).sort());
  });

  it('shows the placeholders in the description literally: "<readable message>"', async () => {
    const description = await page.locator(".info .description").textContent();
    expect(description).toContain('{"error": "<readable message>", "code": "<stable_code>", ...details}');
  });

  it("asked for nothing outside the server and logged no error", () => {
    expect(offLoopback).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
