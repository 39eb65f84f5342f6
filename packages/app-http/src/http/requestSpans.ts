import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./AppEnv.js";

/**
 * Hono's OpenTelemetry middleware (@hono/otel): one SERVER span per request, named by method and
 * route pattern (`POST /checkout`, `GET /orders/:id`), child of the request's W3C `traceparent`
 * when it has one. Loaded here, when asked for, so a process without tracing never loads it.
 * By import(), not require: its CommonJS build would use hono's CommonJS copy, whose route helper
 * cannot read the ESM app's match result.
 */
export async function requestSpans(): Promise<MiddlewareHandler<AppEnv>> {
  const { httpInstrumentationMiddleware } = await import("@hono/otel");
  // No metrics: /metrics (prom-client) already counts requests, and no meter provider is set up.
  return httpInstrumentationMiddleware({ captureActiveRequests: false }) as MiddlewareHandler<AppEnv>;
}
