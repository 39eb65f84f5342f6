// Server entry: read the configuration, build the composition, listen, and shut down cleanly.
// A side-effect import, so the import sorter keeps it first: it patches pg and redis, which the
// imports after it load (see startTracing).
import "./tracing.js";
import { DataDirInUseError, wantsHelp } from "@orders/adapters";
import { ConfigError, onShutdownSignal } from "@orders/process";
import { HTTP_HELP, type HttpConfig, loadConfig } from "./config.js";
import { createRuntime } from "./container.js";
import { serveApp } from "./serveApp.js";
import { requestTracing, tracing } from "./tracing.js";

if (wantsHelp(process.argv.slice(2))) {
  process.stdout.write(HTTP_HELP);
  process.exit(0);
}

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
const runtime = await createRuntime(config, requestTracing).catch((error: unknown) => {
  // Another process has the embedded data folder open: one line, no stack.
  if (!(error instanceof DataDirInUseError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
const { logger } = runtime;
runtime.worker?.start();
runtime.events?.start();

const served = await serveApp(runtime.app, { port: config.port, logger });
logger.info({ port: served.port, mode: config.mode.kind, data_dir: config.dataDir }, "listening");
const base = `http://localhost:${served.port}`;
process.stdout.write(
  `\nOrder service on ${base} (${config.mode.kind} mode). Log in with:\n` +
    `  curl -X POST ${base}/login -H "Content-Type: application/json" \\\n` +
    `    -d '{"email_or_phone":"admin@example.com","password":"admin123"}'\n` +
    `API docs: ${base}/docs\n\n`,
);

onShutdownSignal(logger, async () => {
  await served.close();
  await runtime.close();
  await tracing?.shutdown();
});
