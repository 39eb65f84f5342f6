// The reservation-expiry worker: what the standalone process runs and the embedded process embeds.

export { ExpiryMetrics, type ReleaseSource } from "./ExpiryMetrics.js";
export {
  type ExpiryUseCases,
  ExpiryWorker,
  type ExpiryWorkerHealth,
  type ExpiryWorkerOptions,
} from "./ExpiryWorker.js";
