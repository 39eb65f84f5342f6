// Process plumbing shared by the HTTP process and the worker: configuration from the environment,
// logging, shutdown on signals, and typed tokens for the composition roots.

export { createLogger, type LoggerConfig, prettyLogs } from "./createLogger.js";
export {
  ConfigError,
  type Env,
  EnvReader,
  LOG_ENV,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFormat,
  type LogLevel,
} from "./EnvReader.js";
export { onShutdownSignal, SHUTDOWN_DEADLINE_MS } from "./onShutdownSignal.js";
export { provide, resolve, type Token, token } from "./tokens.js";
