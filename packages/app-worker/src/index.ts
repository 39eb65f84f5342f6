// The reservation-expiry worker: what the standalone process runs and the embedded process embeds.

export { createEventWorker, retryPolicyOf } from "./createEventWorker.js";
export { type CursorSink, EventWorker, type EventWorkerOptions, type SinkCursorStore } from "./EventWorker.js";
export { ExpiryMetrics, type ReleaseSource } from "./ExpiryMetrics.js";
export {
  type ExpiryUseCases,
  ExpiryWorker,
  type ExpiryWorkerHealth,
  type ExpiryWorkerOptions,
} from "./ExpiryWorker.js";
export { EVENTS_ENV, type EventConfig, readEventConfig } from "./eventConfig.js";
