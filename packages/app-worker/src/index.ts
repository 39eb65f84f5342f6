// The reservation-expiry worker: what the standalone process runs and the embedded process embeds.

export { ConfigError, type Env, EnvReader, LOG_LEVELS, type LogLevel } from "./EnvReader.js";
export { ExpiryMetrics, type ReleaseSource } from "./ExpiryMetrics.js";
export {
  type ExpiryUseCases,
  ExpiryWorker,
  type ExpiryWorkerHealth,
  type ExpiryWorkerOptions,
} from "./ExpiryWorker.js";
export { onShutdownSignal, SHUTDOWN_DEADLINE_MS } from "./onShutdownSignal.js";
