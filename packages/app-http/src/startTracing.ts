import { createRequire } from "node:module";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";

/** The variables startTracing reads (before config is loaded), for --help. */
export const TRACING_ENV = {
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    meaning: "OTLP/HTTP endpoint: each request becomes a trace with its pg and redis spans; unset: tracing off",
  },
  OTEL_SERVICE_NAME: { default: "order-http", meaning: "service.name of the exported spans" },
} as const;

export interface TracingOptions {
  /** The process environment: tracing is on when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** service.name when OTEL_SERVICE_NAME is unset. */
  readonly serviceName: string;
  /** Tests: export here, one span at a time, instead of over OTLP (turns tracing on whatever env says). */
  readonly exporter?: SpanExporter;
}

export interface Tracing {
  /** Exports the spans still buffered, then stops tracing and unpatches pg and redis. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry when an OTLP endpoint is configured, and answers null (having loaded
 * nothing from OpenTelemetry) when not. Synchronous on purpose: the entry imports the module
 * that calls this before any module that loads pg or redis, and ESM evaluates that import
 * completely before the next one, so the patches are in place when pg and redis first run.
 *
 * pg and redis are CommonJS (and pg's ESM entry is a wrapper over its CommonJS files), so the
 * instrumentations patch them through `require` hooks (require-in-the-middle) even though the
 * adapters `import` them; no ESM loader hook (import-in-the-middle) is registered. An ESM-only
 * library would need one (`node --import @opentelemetry/instrumentation/hook.mjs`).
 *
 * Spans go over OTLP/HTTP with JSON bodies to OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces; the
 * exporter reads the other standard OTEL_EXPORTER_OTLP_* variables (headers, timeout) itself.
 */
export function startTracing(options: TracingOptions): Tracing | null {
  const { env } = options;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (options.exporter === undefined && !endpoint) return null;

  // require, not import(): loading stays synchronous, and only happens here, when tracing is on.
  const require = createRequire(import.meta.url);
  const { NodeTracerProvider } =
    require("@opentelemetry/sdk-trace-node") as typeof import("@opentelemetry/sdk-trace-node");
  const { BatchSpanProcessor, SimpleSpanProcessor } =
    require("@opentelemetry/sdk-trace-base") as typeof import("@opentelemetry/sdk-trace-base");
  const { defaultResource, resourceFromAttributes } =
    require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { registerInstrumentations } =
    require("@opentelemetry/instrumentation") as typeof import("@opentelemetry/instrumentation");
  const { PgInstrumentation } =
    require("@opentelemetry/instrumentation-pg") as typeof import("@opentelemetry/instrumentation-pg");
  const { RedisInstrumentation } =
    require("@opentelemetry/instrumentation-redis") as typeof import("@opentelemetry/instrumentation-redis");

  let processor: InstanceType<typeof BatchSpanProcessor> | InstanceType<typeof SimpleSpanProcessor>;
  if (options.exporter !== undefined) {
    processor = new SimpleSpanProcessor(options.exporter);
  } else {
    const { OTLPTraceExporter } =
      require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
    processor = new BatchSpanProcessor(new OTLPTraceExporter());
  }
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME || options.serviceName }),
    ),
    spanProcessors: [processor],
  });
  // The global provider, AsyncLocalStorage context and W3C traceparent/baggage propagation.
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    // Only inside a request's span: no stray root traces from pool housekeeping or reconnects.
    instrumentations: [
      new PgInstrumentation({ requireParentSpan: true }),
      new RedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  return {
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}
