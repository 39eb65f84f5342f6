// The reservation-expiry worker: what the standalone process runs and the embedded process embeds.

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
export { ExpiryMetrics, type ReleaseSource } from "./ExpiryMetrics.js";
export {
  type ExpiryUseCases,
  ExpiryWorker,
  type ExpiryWorkerHealth,
  type ExpiryWorkerOptions,
} from "./ExpiryWorker.js";
export { onShutdownSignal, SHUTDOWN_DEADLINE_MS } from "./onShutdownSignal.js";
