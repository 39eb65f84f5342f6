import { Counter, Histogram, type Registry } from "prom-client";

export interface HttpMetrics {
  readonly requestDuration: Histogram<"method" | "route" | "status">;
  readonly checkoutOutcomes: Counter<"outcome">;
}

/** The HTTP process's own metrics, registered once on `registry`. */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  return {
    requestDuration: new Histogram({
      name: "http_request_duration_seconds",
      // status 499: the client hung up or broke the body framing before its body arrived (clientAbort.ts).
      help: "HTTP request latency by route pattern and status (499: client closed the request)",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    checkoutOutcomes: new Counter({
      name: "checkout_outcomes_total",
      help: "Checkouts by outcome: created, or the error code that refused them",
      labelNames: ["outcome"],
      registers: [registry],
    }),
  };
}
