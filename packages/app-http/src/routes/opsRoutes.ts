import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { Registry } from "prom-client";
import type { AppEnv } from "../http/AppEnv.js";
import { errorStatus } from "../http/errorStatus.js";

/** Rejects when the dependency it checks cannot serve requests. */
export type ReadinessCheck = () => Promise<void>;

export function opsRoutes(readiness: Readonly<Record<string, ReadinessCheck>>, registry: Registry) {
  return new Hono<AppEnv>()
    .get(
      "/healthz",
      describeRoute({ tags: ["ops"], summary: "The process is up", responses: { 200: { description: "ok" } } }),
      (c) => c.json({ status: "ok" }),
    )
    .get(
      "/readyz",
      describeRoute({
        tags: ["ops"],
        summary: "The database (and Redis in real mode) answer",
        responses: { 200: { description: "ready" }, 503: { description: "a dependency is down" } },
      }),
      async (c) => {
        const names = Object.keys(readiness);
        const results = await Promise.allSettled(names.map((name) => readiness[name]?.()));
        const checks = Object.fromEntries(
          names.map((name, i) => [name, results[i]?.status === "fulfilled" ? "up" : "down"]),
        );
        if (Object.values(checks).every((state) => state === "up")) return c.json({ status: "ready", checks });
        return c.json(
          { error: "a dependency is unavailable", code: "storage_unavailable", checks },
          errorStatus.storage_unavailable,
        );
      },
    )
    .get(
      "/metrics",
      describeRoute({ tags: ["ops"], summary: "Prometheus metrics", responses: { 200: { description: "text" } } }),
      async (c) => c.text(await registry.metrics(), 200, { "Content-Type": registry.contentType }),
    );
}
