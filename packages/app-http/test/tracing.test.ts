// Issue 14, item 9: with OTEL_EXPORTER_OTLP_ENDPOINT set, a request is one trace (its traceparent
// honoured) with spans for its PostgreSQL and Redis calls; unset, nothing of OpenTelemetry loads.
// Only this and the vitest API are imported statically: tracing must start before pg and redis load.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TestSchema } from "../../adapters/test/support/postgresSchema.js";
import { describeWithServer, postgresUrl, redisUrl } from "../../adapters/test/support/servers.js";
import type { App } from "../src/createApp.js";
import { startTracing, type Tracing } from "../src/startTracing.js";
import { startServer } from "./startServer.js";

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const CALLER_SPAN_ID = "b7ad6b7169203331";
const TRACEPARENT = `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`;
const FORBID_OTEL = fileURLToPath(new URL("./fixtures/forbidOpenTelemetry.mjs", import.meta.url));
const SECRET = "tracing-test-secret-at-least-32-bytes!";

/** The span and its ancestors among `spans`, nearest first. */
function ancestry(span: ReadableSpan, spans: readonly ReadableSpan[]): ReadableSpan[] {
  const chain = [span];
  for (;;) {
    const parentId = chain.at(-1)?.parentSpanContext?.spanId;
    const parent = spans.find((s) => s.spanContext().spanId === parentId);
    if (parent === undefined) return chain;
    chain.push(parent);
  }
}

async function logIn(fetcher: (path: string, init: RequestInit) => Promise<Response>): Promise<string> {
  const res = await fetcher("/login", {
    method: "POST",
    body: JSON.stringify({ email_or_phone: "customer@example.com", password: "customer123" }),
  });
  return String(((await res.json()) as { token: unknown }).token);
}

describeWithServer("postgres")("tracing", () => {
  describeWithServer("redis")("on real PostgreSQL and Redis", () => {
    const exporter = new InMemorySpanExporter();
    let tracing: Tracing | null;
    let schema: TestSchema;
    let app: App;
    let close: () => Promise<void>;

    beforeAll(async () => {
      // The in-process half: tracing first, then (dynamically) everything that loads pg and redis.
      tracing = startTracing({ env: {}, serviceName: "order-http-test", exporter });
      const adapters = await import("@orders/adapters");
      const { createOrderService, SlidingWindowLoginAttempts } = await import("@orders/domain");
      const { createTestSchema } = await import("../../adapters/test/support/postgresSchema.js");
      const { createApp } = await import("../src/createApp.js");
      const { requestSpans } = await import("../src/http/requestSpans.js");
      const { pino } = await import("pino");
      const { Registry } = await import("prom-client");

      schema = await createTestSchema(postgresUrl() ?? "", "http_tracing");
      const db = adapters.connectPostgres({ connectionString: schema.url });
      await adapters.migrate(db, { seed: true });
      const redis = await adapters.connectRedis(redisUrl() ?? "");
      const clock = new adapters.SystemClock();
      const tokens = new adapters.JoseTokenIssuer({ secret: SECRET, ttlSeconds: 600, clock });
      const ports = adapters.createPostgresPorts(db);
      const timer = new adapters.RedisReservationTimer(redis, { prefix: `test-tracing-${process.pid}` });
      const service = createOrderService(
        {
          ...ports,
          timer,
          clock,
          hasher: new adapters.ScryptPasswordHasher(),
          tokens,
          loginAttempts: new SlidingWindowLoginAttempts({ clock }),
        },
        { reservationTtlSeconds: 3600 },
      );
      app = createApp({
        service,
        tokens,
        users: ports.users,
        readiness: { required: {} },
        registry: new Registry(),
        logger: pino({ level: "silent" }),
        idempotency: new adapters.SqlIdempotencyStore(db),
        tracing: await requestSpans(),
      });
      close = async () => {
        await redis.close();
        await db.close();
      };
    }, 60_000);

    afterAll(async () => {
      await tracing?.shutdown();
      await close?.();
      await schema?.drop();
    });

    it("in process (in-memory exporter): the checkout is a server span in the caller's trace, with its pg and redis calls inside", async () => {
      const token = await logIn((path, init) => Promise.resolve(app.request(path, init)));
      exporter.reset();

      const res = await app.request("/checkout", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, traceparent: TRACEPARENT },
        body: JSON.stringify({ product_id: 1, quantity: 1 }),
      });
      expect(res.status).toBe(201);
      const { order_id } = (await res.json()) as { order_id: number };
      await app.request(`/orders/${order_id}/cancel`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
      });

      const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === TRACE_ID);
      const server = spans.find((s) => s.name === "POST /checkout");
      expect(server?.attributes["http.route"]).toBe("/checkout");
      expect(server?.parentSpanContext?.spanId).toBe(CALLER_SPAN_ID);
      const pgSpans = spans.filter((s) => s.attributes["db.system.name"] === "postgresql");
      const redisSpans = spans.filter((s) => s.attributes["db.system.name"] === "redis");
      // The checkout's reservation statement among them (its text, never its parameter values).
      expect(pgSpans.some((s) => String(s.attributes["db.query.text"]).includes("warehouse_stock"))).toBe(true);
      expect(redisSpans.length).toBeGreaterThan(0);
      for (const span of [...pgSpans, ...redisSpans]) expect(ancestry(span, spans).at(-1)).toBe(server);
      // The cancel (no traceparent) is a trace of its own.
      const cancel = exporter.getFinishedSpans().find((s) => s.name === "POST /orders/:id/cancel");
      expect(cancel?.spanContext().traceId).not.toBe(TRACE_ID);
    });

    it("the real server exports the same trace over OTLP/HTTP (JSON) to OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
      const received: OtlpSpan[] = [];
      const services = new Set<string>();
      const receiver = await otlpReceiver((body) => {
        for (const rs of body.resourceSpans ?? []) {
          for (const a of rs.resource?.attributes ?? [])
            if (a.key === "service.name") services.add(a.value.stringValue);
          for (const ss of rs.scopeSpans ?? []) received.push(...(ss.spans ?? []));
        }
      });
      const server = await startServer({
        DATABASE_URL: schema.url,
        REDIS_URL: redisUrl() ?? "",
        JWT_SECRET: SECRET,
        RESERVATION_TTL_SECONDS: "3600",
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
        OTEL_SERVICE_NAME: "order-http-under-test",
      });
      try {
        const call = (path: string, init: RequestInit) => fetch(`${server.base}${path}`, init);
        const token = await logIn(call);
        const res = await call("/checkout", {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, traceparent: TRACEPARENT },
          body: JSON.stringify({ product_id: 1, quantity: 1 }),
        });
        expect(res.status).toBe(201);
        const { order_id } = (await res.json()) as { order_id: number };
        await call(`/orders/${order_id}/cancel`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
      } finally {
        // SIGTERM: the shutdown flushes the batched spans before the process exits.
        expect((await server.stop()).code).toBe(0);
        receiver.close();
      }

      expect([...services]).toEqual(["order-http-under-test"]);
      const trace = received.filter((s) => s.traceId === TRACE_ID);
      const root = trace.find((s) => s.name === "POST /checkout");
      expect(root?.kind).toBe(2); // SPAN_KIND_SERVER
      expect(root?.parentSpanId).toBe(CALLER_SPAN_ID);
      const system = (s: OtlpSpan) => s.attributes?.find((a) => a.key === "db.system.name")?.value.stringValue;
      expect(trace.filter((s) => system(s) === "postgresql").length).toBeGreaterThan(0);
      expect(trace.filter((s) => system(s) === "redis").length).toBeGreaterThan(0);
    }, 120_000);

    it("without OTEL_EXPORTER_OTLP_ENDPOINT the server serves and never loads the OpenTelemetry SDK", async () => {
      const server = await startServer({
        DATABASE_URL: schema.url,
        REDIS_URL: redisUrl() ?? "",
        JWT_SECRET: SECRET,
        // Makes any require or import of @opentelemetry/* or @hono/otel throw.
        NODE_OPTIONS: `--import=${FORBID_OTEL}`,
      });
      try {
        const token = await logIn((path, init) => fetch(`${server.base}${path}`, init));
        const res = await fetch(`${server.base}/orders`, {
          headers: { Authorization: `Bearer ${token}`, traceparent: TRACEPARENT },
        });
        expect(res.status).toBe(200);
      } finally {
        expect((await server.stop()).code).toBe(0);
      }
      expect(server.output()).not.toContain("tracing is off but");
    }, 120_000);
  });
});

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue: string } }[];
}
interface OtlpBody {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue: string } }[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

/** A minimal OTLP/HTTP JSON trace receiver on 127.0.0.1 (POST /v1/traces). */
async function otlpReceiver(onExport: (body: OtlpBody) => void): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces") onExport(JSON.parse(Buffer.concat(chunks).toString()));
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}
