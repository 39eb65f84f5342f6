// Worker process entry: read config, wire, run the loops, /healthz and /metrics, stop cleanly on signals.
import { connectRedis, type SqlRunner, wantsHelp } from "@orders/adapters";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { ConfigError, loadConfig, WORKER_HELP } from "./config.js";
import { createWorkerContainer, TOKENS } from "./container.js";
import type { ExpiryWorker } from "./ExpiryWorker.js";
import { onShutdownSignal } from "./onShutdownSignal.js";
import { startHealthServer } from "./startHealthServer.js";

async function main(): Promise<void> {
  if (wantsHelp(process.argv.slice(2))) {
    process.stdout.write(WORKER_HELP);
    return;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  let redisDown = false;
  let logger: Logger | undefined;
  // Not failing on Redis: the sweep must run while it is down, and the client reconnects alone.
  // It still waits for the first attempt, so a healthy start claims on a connected client.
  const redis = await connectRedis(config.redisUrl, {
    waitForConnection: false,
    onError: (err) => {
      if (!redisDown) logger?.warn({ err }, "redis unreachable; retrying in the background");
      redisDown = true;
    },
  });
  redis.on("ready", () => {
    if (redisDown) logger?.info("redis reachable again");
    redisDown = false;
  });
  const container = createWorkerContainer(config, redis);
  const log = container.resolve<Logger>(TOKENS.logger);
  logger = log;
  const worker = container.resolve<ExpiryWorker>(TOKENS.worker);
  worker.start();
  const server = await startHealthServer({
    port: config.healthPort,
    health: () => worker.health(),
    registry: container.resolve<Registry>(TOKENS.registry),
  });
  log.info({ healthPort: config.healthPort }, "worker ready");

  onShutdownSignal(log, async () => {
    await worker.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await container.resolve<SqlRunner>(TOKENS.db).close();
    redis.destroy();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
