/**
 * Setup file (vitest.config.ts `setupFiles`) of every app-http test file: the answers the app gave
 * to the file's requests must be the ones /openapi.json promises, or the file fails.
 *
 * Every app built by `createApp` in this worker is wrapped (vi.mock below, so givenApp,
 * appOnDatabase, createRuntime and any later helper are covered without knowing about this), and
 * each (method, URL, status, body) its `fetch` answers is recorded, whether it came through
 * `app.request` or a socket (serveApp, @hono/node-server). After the file's tests, each one is
 * checked against the document of an app built the same way:
 * - the URL matches a path template and the method an operation there: the status must be one the
 *   operation lists, a body must have a media type it lists for that status, and a JSON body must
 *   validate against that schema ($refs resolved); a Link header must be documented;
 * - anything else is not an operation: it must be an Error body with a transport-level status and
 *   code the document's description names (404 not_found for an unknown path or method, 413, ...);
 *   the documentation itself (/openapi.json, /docs and its assets) and CORS preflights (OPTIONS
 *   answered 204) are exempt.
 * Not recorded, by design: answers the transport makes without the app (serveApp's refusals in
 * transportErrors.test.ts, written raw on the socket: 400 bad_request, 408, 431), answers of tiny
 * apps a middleware test builds itself, a 499 (the client had gone; nobody received it), and
 * servers started as a separate process (startServer), whose routes the in-process suites cover.
 *
 * With OPENAPI_COVERAGE_DIR set, each file also writes the (operation, status) pairs it exercised
 * there as JSON, for counting coverage across files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, vi } from "vitest";
import type { AppDeps, createApp } from "../src/createApp.js";
import { type Json, type OpenApiDocument, schemaValidator } from "./openApiSchemas.js";

interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly contentType: string;
  readonly link: string | null;
  /** The body's text for JSON answers; for others only whether there was one. */
  readonly body: Promise<string | null>;
  readonly hasBody: boolean;
}

const recording = vi.hoisted(() => ({
  exchanges: [] as Exchange[],
  actualCreateApp: undefined as typeof createApp | undefined,
}));

vi.mock("../src/createApp.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/createApp.js")>();
  recording.actualCreateApp = actual.createApp;
  const recordingCreateApp: typeof actual.createApp = (deps) => {
    const app = actual.createApp(deps);
    const fetch = app.fetch;
    app.fetch = async (request, ...rest) => {
      const { method, url } = request;
      const response = await fetch(request, ...rest);
      const contentType = response.headers.get("Content-Type") ?? "";
      const isJson = /\bjson\b/i.test(contentType);
      recording.exchanges.push({
        method,
        url,
        status: response.status,
        contentType,
        link: response.headers.get("Link"),
        hasBody: response.body !== null,
        body: isJson && response.body !== null ? response.clone().text() : Promise.resolve(null),
      });
      return response;
    };
    return app;
  };
  return { ...actual, createApp: recordingCreateApp };
});

/** Answers of no operation: the transport's, each with the one code it carries. */
const TRANSPORT_ANSWERS: Readonly<Record<number, string>> = {
  400: "bad_request",
  404: "not_found",
  408: "request_timeout",
  413: "payload_too_large",
  431: "request_header_fields_too_large",
};

const isDocumentation = (path: string) => path === "/openapi.json" || path === "/docs" || path.startsWith("/docs/");

/** A regular expression per path template, e.g. /orders/{id} -> ^/orders/[^/]+$. */
function templateMatcher(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${pattern}$`);
}

const mediaTypeOf = (contentType: string) => contentType.split(";")[0]?.trim().toLowerCase() ?? "";

async function documentOf(build: typeof createApp): Promise<OpenApiDocument> {
  // Only the document is read; nothing here is called.
  const deps = {
    service: {},
    tokens: {},
    users: { findById: async () => null },
    readiness: {},
    registry: new (await import("prom-client")).Registry(),
    logger: (await import("pino")).pino({ level: "silent" }),
    events: (await import("./documentOnlyEvents.js")).documentOnlyEvents(),
  } as unknown as AppDeps;
  const response = await build(deps).request("/openapi.json");
  return (await response.json()) as OpenApiDocument;
}

interface Drift {
  readonly exchange: string;
  readonly problem: string;
}

async function check(document: OpenApiDocument, exchanges: readonly Exchange[]) {
  const validatorOf = schemaValidator(document);
  const errorSchema = document.components.schemas.Error;
  if (errorSchema === undefined) throw new Error("openApiDrift: the document has no components.schemas.Error");

  const templates = Object.keys(document.paths).map((template) => ({ template, matcher: templateMatcher(template) }));
  const drifts: Drift[] = [];
  const exercised = new Set<string>();

  for (const exchange of exchanges) {
    if (exchange.status === 499) continue;
    const path = new URL(exchange.url).pathname;
    const name = `${exchange.method} ${path} -> ${exchange.status}`;
    const drift = (problem: string) => drifts.push({ exchange: name, problem });
    const text = await exchange.body;
    let body: Json | undefined;
    if (text !== null && text !== "") {
      try {
        body = JSON.parse(text) as Json;
      } catch {
        drift(`body is labelled ${exchange.contentType} but is not JSON: ${text.slice(0, 80)}`);
        continue;
      }
    }

    const method = exchange.method.toLowerCase();
    const template = templates.find(
      ({ template, matcher }) => matcher.test(path) && document.paths[template]?.[method],
    );
    const operation = template === undefined ? undefined : document.paths[template.template]?.[method];
    if (template === undefined || operation === undefined) {
      if (isDocumentation(path) && exchange.status !== 404) continue;
      if (method === "options" && exchange.status === 204) continue;
      const code = TRANSPORT_ANSWERS[exchange.status];
      if (code === undefined) {
        drift("no operation in /openapi.json matches, and the status is not a transport-level answer");
        continue;
      }
      const problems = body === undefined ? "no body" : validatorOf(errorSchema)(body);
      if (problems !== null) drift(`not an Error body: ${problems}`);
      else if ((body as { code?: unknown }).code !== code) drift(`expected code ${code}, got ${JSON.stringify(body)}`);
      continue;
    }

    const operationName = `${method.toUpperCase()} ${template.template}`;
    const documented = operation.responses[String(exchange.status)] ?? operation.responses.default;
    if (documented === undefined) {
      drift(
        `${operationName} does not list ${exchange.status} (it lists ${Object.keys(operation.responses).join(", ")})`,
      );
      continue;
    }
    exercised.add(`${operationName} ${exchange.status}`);
    if (exchange.link !== null && documented.headers?.Link === undefined) {
      drift(`${operationName} ${exchange.status} sends a Link header the document does not list`);
    }
    if (!exchange.hasBody) continue;
    const content = documented.content ?? {};
    const mediaType = mediaTypeOf(exchange.contentType);
    const media = content[mediaType];
    if (media === undefined) {
      drift(
        `${operationName} ${exchange.status} documents ${Object.keys(content).join(", ") || "no body"}, got ${mediaType}`,
      );
      continue;
    }
    if (body === undefined) continue;
    if (media.schema === undefined) {
      drift(`${operationName} ${exchange.status} documents ${mediaType} without a schema`);
      continue;
    }
    const problems = validatorOf(media.schema)(body);
    if (problems !== null) {
      drift(`body does not match ${operationName} ${exchange.status}: ${problems}; body: ${text?.slice(0, 300)}`);
    }
  }
  return { drifts, exercised };
}

afterAll(async () => {
  const { exchanges, actualCreateApp } = recording;
  if (exchanges.length === 0 || actualCreateApp === undefined) return;
  const document = await documentOf(actualCreateApp);
  const { drifts, exercised } = await check(document, exchanges);
  const coverageDir = process.env.OPENAPI_COVERAGE_DIR;
  if (coverageDir !== undefined && coverageDir !== "") {
    mkdirSync(coverageDir, { recursive: true });
    const documentedPairs = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.keys(operation.responses).map((status) => `${method.toUpperCase()} ${path} ${status}`),
      ),
    );
    writeFileSync(
      join(coverageDir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`),
      JSON.stringify({ exercised: [...exercised], documented: documentedPairs }),
    );
  }
  if (drifts.length > 0) {
    const lines = drifts.map(({ exchange, problem }) => `  ${exchange}: ${problem}`);
    const unique = [...new Set(lines)];
    throw new Error(
      `${unique.length} answer(s) drifted from /openapi.json (test/openApiDrift.ts):\n${unique.slice(0, 40).join("\n")}`,
    );
  }
});
