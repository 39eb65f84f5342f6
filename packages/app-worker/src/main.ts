// Worker process entry: read config, wire, run the loops, /healthz and /metrics, stop cleanly on signals.
import { connectRedis, JetStreamSink, wantsHelp } from "@orders/adapters";
import { ConfigError, onShutdownSignal, resolve } from "@orders/process";
import type { Logger } from "pino";
import { loadConfig, WORKER_HELP } from "./config.js";
import { createWorkerContainer } from "./container.js";
import { startHealthServer } from "./startHealthServer.js";
import { Tokens } from "./tokens.js";

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
  const nats = config.events.natsUrl === undefined ? null : await JetStreamSink.open(config.events.natsUrl);
  const container = createWorkerContainer(config, redis, nats);
  const log = resolve(container, Tokens.Logger);
  logger = log;
  const worker = resolve(container, Tokens.ExpiryWorker);
  worker.start();
  const events = resolve(container, Tokens.EventWorker);
  events.start();
  const server = await startHealthServer({
    port: config.healthPort,
    health: () => worker.health(),
    registry: resolve(container, Tokens.Registry),
  });
  log.info({ healthPort: config.healthPort }, "worker ready");

  onShutdownSignal(log, async () => {
    await worker.stop();
    await events.stop();
    await nats?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await resolve(container, Tokens.Database).close();
    redis.destroy();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
