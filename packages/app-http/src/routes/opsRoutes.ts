import { RETRY_POLICY } from "@orders/domain";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { Registry } from "prom-client";
import type { AppEnv } from "../http/AppEnv.js";
import { errorResponses } from "../http/errorResponses.js";
import { errorStatus } from "../http/errorStatus.js";
import { HealthResponse, jsonResponse, ReadinessResponse } from "../http/responses.js";

/** Rejects when the dependency it checks cannot serve requests. */
export type ReadinessCheck = () => Promise<void>;

/** What /readyz checks, split by what a dependency being down means for the API. */
export interface Readiness {
  /** Nothing works without these (the database): one down answers 503 storage_unavailable. */
  readonly required?: Readonly<Record<string, ReadinessCheck>>;
  /**
   * The API keeps taking orders without these (Redis: checkout and pay work, the Postgres sweep
   * covers expiry): one down still answers 200, with status "degraded".
   */
  readonly optional?: Readonly<Record<string, ReadinessCheck>>;
}

async function run(checks: Readonly<Record<string, ReadinessCheck>>): Promise<Record<string, "up" | "down">> {
  const names = Object.keys(checks);
  const results = await Promise.allSettled(names.map((name) => checks[name]?.()));
  return Object.fromEntries(names.map((name, i) => [name, results[i]?.status === "fulfilled" ? "up" : "down"]));
}

export function opsRoutes(readiness: Readiness, registry: Registry) {
  return new Hono<AppEnv>()
    .get(
      "/healthz",
      describeRoute({
        tags: ["ops"],
        summary: "The process is up",
        responses: { 200: jsonResponse("ok", HealthResponse) },
      }),
      (c) => c.json({ status: "ok" }),
    )
    .get(
      "/readyz",
      describeRoute({
        tags: ["ops"],
        summary: "Ready to take traffic: the database answers (Redis down is only degraded)",
        responses: {
          200: jsonResponse('status "ready", or "degraded" when Redis is down', ReadinessResponse),
          ...errorResponses(["storage_unavailable"], { 503: "the database is down; checks says which is" }),
        },
      }),
      async (c) => {
        const [required, optional] = await Promise.all([run(readiness.required ?? {}), run(readiness.optional ?? {})]);
        const checks = { ...required, ...optional };
        if (Object.values(required).some((state) => state === "down")) {
          return c.json(
            { error: "a required dependency is unavailable", code: "storage_unavailable", checks },
            errorStatus.storage_unavailable,
            { "Retry-After": String(RETRY_POLICY.retryAfterSeconds) },
          );
        }
        const degraded = Object.values(optional).some((state) => state === "down");
        return c.json({ status: degraded ? "degraded" : "ready", checks });
      },
    )
    .get(
      "/metrics",
      describeRoute({
        tags: ["ops"],
        summary: "Prometheus metrics",
        responses: {
          200: { description: "the text exposition format", content: { "text/plain": { schema: { type: "string" } } } },
        },
      }),
      async (c) => c.text(await registry.metrics(), 200, { "Content-Type": registry.contentType }),
    );
}
