// Server entry: read the configuration, build the composition, listen, and shut down cleanly.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { serve } from "@hono/node-server";
import { onShutdownSignal } from "@orders/app-worker";
import { ConfigError, type HttpConfig, loadConfig } from "./config.js";
import { createRuntime } from "./container.js";

function readConfig(): HttpConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`config error: ${problem}\n`);
    process.exit(1);
  }
}

const config = readConfig();
const runtime = await createRuntime(config);
const { logger } = runtime;
runtime.worker?.start();

const server = serve({ fetch: runtime.app.fetch, port: config.port }, (info) => {
  logger.info({ port: info.port, mode: config.mode.kind, data_dir: config.dataDir }, "listening");
  const base = `http://localhost:${info.port}`;
  process.stdout.write(
    `\nOrder service on ${base} (${config.mode.kind} mode). Log in with:\n` +
      `  curl -X POST ${base}/login -H "Content-Type: application/json" \\\n` +
      `    -d '{"email_or_phone":"admin@example.com","password":"admin123"}'\n` +
      `API docs: ${base}/docs\n\n`,
  );
});

let stopping = false;
// server.close() waits for every open connection, and a keep-alive client that keeps sending never
// lets its socket go idle: once stopping, each response says Connection: close, so busy sockets
// close after the response they are on.
(server as Server).on("request", (_req: IncomingMessage, res: ServerResponse) => {
  if (stopping && !res.headersSent) res.setHeader("connection", "close");
});
onShutdownSignal(logger, async () => {
  stopping = true;
  // Stop accepting; in-flight requests finish, idle keep-alive sockets are closed now.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  if ("closeIdleConnections" in server) (server as Server).closeIdleConnections();
  await closed;
  await runtime.close();
});
