import { createServer, type Server } from "node:http";
import type { ExpiryWorkerHealth } from "./ExpiryWorker.js";

/**
 * GET /healthz for the orchestrator: 200 with the loops' last run times while they come round,
 * 503 when one has stalled (or the worker is stopped). Resolves once listening.
 */
export async function startHealthServer(
  port: number,
  health: () => ExpiryWorkerHealth,
  host = "0.0.0.0",
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/healthz") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
      return;
    }
    const state = health();
    res.writeHead(state.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(state));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
