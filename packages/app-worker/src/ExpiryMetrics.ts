import { Counter, Histogram, type Registry } from "prom-client";

export type ReleaseSource = "timer" | "sweep";

/** The worker's Prometheus metrics. Reuses metrics already in `registry`, so several workers may share one. */
export class ExpiryMetrics {
  readonly released: Counter<"source">;
  readonly lagSeconds: Histogram<"source">;
  readonly timerErrors: Counter;
  readonly releaseErrors: Counter<"source">;

  constructor(registry: Registry) {
    this.released =
      existing(registry, "orders_reservations_released_total") ??
      new Counter({
        name: "orders_reservations_released_total",
        help: "Reservations expired and their stock given back, by what found them (timer or sweep).",
        labelNames: ["source"],
        registers: [registry],
      });
    this.lagSeconds =
      existing(registry, "orders_reservation_release_lag_seconds") ??
      new Histogram({
        name: "orders_reservation_release_lag_seconds",
        help: "Release time minus the reservation's expires_at.",
        labelNames: ["source"],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
        registers: [registry],
      });
    this.timerErrors =
      existing(registry, "orders_reservation_timer_errors_total") ??
      new Counter({
        name: "orders_reservation_timer_errors_total",
        help: "Failed calls to the reservation timer (Redis); the sweep covers what it misses.",
        registers: [registry],
      });
    this.releaseErrors =
      existing(registry, "orders_reservation_release_errors_total") ??
      new Counter({
        name: "orders_reservation_release_errors_total",
        help: "Releases (or sweep batches) that failed and will be retried.",
        labelNames: ["source"],
        registers: [registry],
      });
  }
}

function existing<M>(registry: Registry, name: string): M | undefined {
  return registry.getSingleMetric(name) as M | undefined;
}
