import { type IdempotencyStore, SystemClock } from "@orders/adapters";
import type { Clock, EventFeed, ManageWebhooks, OrderService, TokenIssuer, Users } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { openAPIRouteHandler } from "hono-openapi";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { AppEnv } from "./http/AppEnv.js";
import { accessLog } from "./http/accessLog.js";
import { authenticate } from "./http/authenticate.js";
import { type CheckoutRateLimitOptions, checkoutRateLimit } from "./http/checkoutRateLimit.js";
import { corsOrigins } from "./http/corsOrigins.js";
import { createHttpMetrics } from "./http/createHttpMetrics.js";
import { DEFAULT_CURRENCY, isCurrencyCode } from "./http/currency.js";
import { HttpError } from "./http/HttpError.js";
import { handleError } from "./http/handleError.js";
import { idempotencyKey } from "./http/idempotencyKey.js";
import { openApiDocument } from "./http/openApiDocument.js";
import { authRoutes } from "./routes/authRoutes.js";
import { docsRoutes } from "./routes/docsRoutes.js";
import { eventRoutes } from "./routes/eventRoutes.js";
import { IMPORT_PATH, importRoutes } from "./routes/importRoutes.js";
import { opsRoutes, type Readiness } from "./routes/opsRoutes.js";
import { orderRoutes } from "./routes/orderRoutes.js";
import { productRoutes } from "./routes/productRoutes.js";
import { stockRoutes } from "./routes/stockRoutes.js";
import { transferRoutes } from "./routes/transferRoutes.js";
import { userRoutes } from "./routes/userRoutes.js";
import { warehouseRoutes } from "./routes/warehouseRoutes.js";
import { webhookRoutes } from "./routes/webhookRoutes.js";

export interface AppOptions {
  /** Largest request body accepted; 64 KiB by default. */
  readonly bodyLimitBytes?: number;
  readonly version?: string;
}

export interface AppDeps {
  /** The use cases, from createOrderService. */
  readonly service: OrderService;
  /** Verifies bearer tokens. */
  readonly tokens: TokenIssuer;
  /** Where `authenticate` looks up the token's user on every request: the stored user decides. */
  readonly users: Pick<Users, "findById">;
  /** Checks for /readyz: required ("database") and optional ("redis"); each rejects when its dependency is down. */
  readonly readiness: Readiness;
  /** Where the HTTP metrics are registered; /metrics serves everything in it. */
  readonly registry: Registry;
  readonly logger: Logger;
  /**
   * Where Idempotency-Key requests are remembered. Required, so no composition silently keeps keys
   * in one process's memory: container.ts passes SqlIdempotencyStore in both modes (every replica
   * sees every key, the worker purges them); a single-process embedder or a test passes
   * InMemoryIdempotencyStore on purpose.
   */
  readonly idempotency: IdempotencyStore;
  /** When Idempotency-Keys are claimed; the system clock when absent (container.ts passes its one Clock). */
  readonly clock?: Clock;
  /** ISO 4217 code of every price and total (CURRENCY); DEFAULT_CURRENCY when absent. */
  readonly currency?: string;
  /** Origins a browser may call the API from (CORS_ORIGINS); none or empty: no CORS headers at all. */
  readonly corsOrigins?: readonly string[];
  /** The per-user checkout rate limit (CHECKOUT_RATE_LIMIT); absent: no limit. */
  readonly checkoutRateLimit?: CheckoutRateLimitOptions;
  /** Mounted before everything else when given: the request spans of `requestSpans()` (tracing on). */
  readonly tracing?: MiddlewareHandler<AppEnv>;
  /**
   * The event feed (GET /events) and webhook management (/webhooks). container.ts passes them in
   * both modes; an app without them (a test over in-memory fakes) serves neither route.
   */
  readonly events?: { readonly feed: EventFeed; readonly webhooks: ManageWebhooks };
  readonly options?: AppOptions;
}

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/** The HTTP API over the use cases: one sub-app per resource, errors mapped in one place. */
export function createApp(deps: AppDeps) {
  const { service, logger } = deps;
  const metrics = createHttpMetrics(deps.registry);
  const maxSize = deps.options?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const auth = authenticate(deps.tokens, deps.users);
  const idempotency = idempotencyKey(deps.idempotency, { logger, clock: deps.clock ?? new SystemClock() });
  const currency = deps.currency ?? DEFAULT_CURRENCY;
  if (!isCurrencyCode(currency)) throw new Error(`currency: ${JSON.stringify(currency)} is not an ISO 4217 code`);
  const appBodyLimit = bodyLimit({
    maxSize,
    onError: () => {
      throw new HttpError("payload_too_large", `request body is larger than ${maxSize} bytes`, {
        limit_bytes: maxSize,
      });
    },
  });

  const root = new Hono<AppEnv>();
  if (deps.tracing !== undefined) root.use(deps.tracing);
  const app = root
    .use(requestId())
    .use(secureHeaders())
    .use(accessLog(logger, metrics))
    .use(corsOrigins(deps.corsOrigins ?? []))
    // Every body is held to `maxSize`, except the import's: it streams its body and counts the
    // bytes against its own, larger limit (IMPORT_BODY_LIMIT_BYTES in http/importRows.ts). GET and
    // HEAD never have one to check (the Fetch Request refuses a body for them), and asking for it
    // would build the full Request with its AbortSignal on every listing: about 5% of its CPU.
    .use((c, next) => {
      const { method } = c.req;
      const unlimited = method === "GET" || method === "HEAD" || (method === "POST" && c.req.path === IMPORT_PATH);
      return unlimited ? next() : appBodyLimit(c, next);
    })
    .route("/", authRoutes(service))
    // Before productRoutes: /products/import and /products/export are not product ids.
    .route("/", importRoutes(service, auth, logger))
    .route("/", productRoutes(service, auth, idempotency, currency))
    .route(
      "/",
      orderRoutes(
        service,
        auth,
        metrics,
        idempotency,
        checkoutRateLimit(deps.checkoutRateLimit ?? { limit: 0 }),
        currency,
      ),
    )
    .route("/", warehouseRoutes(service, auth, idempotency))
    .route("/", stockRoutes(service, auth, idempotency))
    .route("/", userRoutes(service, auth, idempotency))
    .route("/transfer", transferRoutes(service, auth, idempotency))
    // The path the replaced Go service's code served, next to the one its README documented.
    .route("/transfer-product", transferRoutes(service, auth, idempotency))
    .route("/", opsRoutes(deps.readiness, deps.registry));
  if (deps.events !== undefined) {
    app
      .route("/", eventRoutes(deps.events.feed, auth))
      .route("/", webhookRoutes(deps.events.webhooks, auth, idempotency));
  }

  app.get("/openapi.json", openAPIRouteHandler(app, openApiDocument(deps.options?.version ?? "0.1.0")));
  app.route("/docs", docsRoutes());
  const onError = handleError(logger);
  app.onError(onError);
  app.notFound((c) => onError(new HttpError("not_found", `no route for ${c.req.method} ${c.req.path}`), c));
  return app;
}

export type App = ReturnType<typeof createApp>;
