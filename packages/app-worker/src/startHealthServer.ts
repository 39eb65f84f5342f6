import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";
import type { ExpiryWorkerHealth } from "./ExpiryWorker.js";

export interface HealthServerOptions {
  readonly port: number;
  readonly health: () => ExpiryWorkerHealth;
  /** Served on GET /metrics: the worker's release counters and lag histogram (ExpiryMetrics). */
  readonly registry: Registry;
  readonly host?: string;
}

/**
 * GET /healthz for the orchestrator: 200 with the loops' last run times while they come round,
 * 503 when one has stalled (or the worker is stopped). GET /metrics for Prometheus. Resolves once
 * listening.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<Server> {
  const { health, registry } = options;
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/healthz") {
      const state = health();
      res.writeHead(state.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(state));
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
        () => res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal"}'),
      );
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  return server;
}
