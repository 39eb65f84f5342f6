// The EventWorker over PostgreSQL, signed webhooks and (with NATS_URL) JetStream: what the worker
// process and the embedded HTTP process both run.
import {
  type JetStreamSink,
  PostgresEventFeed,
  PostgresSinkCursors,
  PostgresWebhooks,
  type SqlRunner,
  WebhookSink,
  WebhookUrlGuard,
} from "@orders/adapters";
import { type Clock, DEFAULT_DELIVERY_RETRY, type DeliveryRetryPolicy } from "@orders/domain";
import type { Logger } from "pino";
import { EventWorker } from "./EventWorker.js";
import type { EventConfig } from "./eventConfig.js";

export function retryPolicyOf(config: EventConfig): DeliveryRetryPolicy {
  return { ...DEFAULT_DELIVERY_RETRY, giveUpAfterMs: config.webhookRetryHours * 3_600_000 };
}

export function createEventWorker(deps: {
  readonly db: SqlRunner;
  readonly clock: Clock;
  readonly config: EventConfig;
  readonly nats: JetStreamSink | null;
  readonly logger: Logger;
}): EventWorker {
  const { db, clock, config, nats } = deps;
  const retry = retryPolicyOf(config);
  const guard = new WebhookUrlGuard({ allowPrivate: config.allowPrivateWebhookUrls });
  return new EventWorker({
    feed: new PostgresEventFeed(db, { clock, giveUpAfterMs: retry.giveUpAfterMs }),
    deliveries: new PostgresWebhooks(db, { giveUpAfterMs: retry.giveUpAfterMs }),
    webhookSink: (delivery) =>
      new WebhookSink({ url: delivery.url, secret: delivery.secret, timeoutMs: retry.timeoutMs, clock }),
    checkUrl: (url) => guard.check(url),
    cursorSinks: nats === null ? [] : [{ name: "nats", sink: nats }],
    cursors: new PostgresSinkCursors(db, clock),
    clock,
    logger: deps.logger,
    retry,
    retentionDays: config.retentionDays,
  });
}
