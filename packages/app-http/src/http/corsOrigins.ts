import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { IDEMPOTENT_REPLAYED_HEADER } from "./idempotencyKey.js";

/** Request headers the API reads, which a cross-origin browser must be allowed to send. */
export const CORS_ALLOW_HEADERS = [
  "Authorization",
  "Content-Type",
  "Idempotency-Key",
  "If-Match",
  "X-Request-Id",
] as const;
/** Response headers a cross-origin script may read. */
export const CORS_EXPOSE_HEADERS = ["X-Request-Id", "Retry-After", "ETag", "Link", IDEMPOTENT_REPLAYED_HEADER] as const;

/**
 * CORS for the listed origins only (hono/cors). A request from one of them gets
 * Access-Control-Allow-Origin and the exposed headers, and its preflight (OPTIONS) 204 with the
 * allowed methods and headers. Any other request passes through untouched: no CORS headers, and an
 * OPTIONS answers 404 as without CORS, so the browser refuses the call. No origins: CORS off.
 * Credentials are not allowed: the API takes a bearer token, not cookies.
 */
export function corsOrigins(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: [...allowed],
    allowMethods: ["GET", "POST", "PATCH", "OPTIONS"],
    allowHeaders: [...CORS_ALLOW_HEADERS],
    exposeHeaders: [...CORS_EXPOSE_HEADERS],
    maxAge: 600,
  });
  return async (c, next) => {
    if (allowed.size === 0) return next();
    const origin = c.req.header("Origin");
    if (origin === undefined || !allowed.has(origin)) {
      await next();
      // The answer depends on Origin once CORS is on: shared caches must not serve one origin's to another.
      c.header("Vary", "Origin", { append: true });
      return;
    }
    return handler(c, next);
  };
}
