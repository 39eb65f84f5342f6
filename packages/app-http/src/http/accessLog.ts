import type { Actor } from "@orders/domain";
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Logger } from "pino";
import type { AppEnv } from "./AppEnv.js";
import type { HttpMetrics } from "./createHttpMetrics.js";

/** The route pattern that answered ("/orders/:id"), never the raw path, so labels stay few. */
function routeOf(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const handler = matchedRoutes(c).findLast((route) => route.method !== "ALL");
  return handler === undefined ? "unmatched" : handler.path;
}

/** One JSON log line and one latency observation per request. */
export function accessLog(logger: Logger, metrics: HttpMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routeOf(c);
    const status = c.res.status;
    metrics.requestDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
    const actor: Actor | undefined = c.get("actor");
    logger.info(
      {
        request_id: c.get("requestId"),
        method: c.req.method,
        route,
        status,
        duration_ms: Math.round(seconds * 100_000) / 100,
        user_id: actor?.userId ?? null,
      },
      "request",
    );
  };
}
