// Imported first by main.ts, before anything that loads pg or redis: see startTracing.
import { requestSpans } from "./http/requestSpans.js";
import { startTracing, TRACING_ENV } from "./startTracing.js";

/** Null unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
export const tracing = startTracing({ env: process.env, serviceName: TRACING_ENV.OTEL_SERVICE_NAME.default });

/**
 * The request-span middleware for createApp, when tracing is on. The await comes after
 * startTracing has patched pg and redis, so the modules main.ts imports next may run meanwhile.
 */
export const requestTracing = tracing === null ? undefined : await requestSpans();
