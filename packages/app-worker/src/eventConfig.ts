// The events variables both processes read (the worker delivers; the HTTP process manages webhooks
// and, in embedded mode, delivers too): one table, one reader.
import type { EnvTable } from "@orders/adapters";
import { DEFAULT_DELIVERY_RETRY, DEFAULT_EVENT_RETENTION_DAYS } from "@orders/domain";
import type { EnvReader } from "@orders/process";

export interface EventConfig {
  /** nats://...: publish every event to JetStream as well; undefined: no NATS. */
  readonly natsUrl: string | undefined;
  readonly allowPrivateWebhookUrls: boolean;
  readonly retentionDays: number;
  readonly webhookRetryHours: number;
}

export const EVENTS_ENV = {
  NATS_URL: { meaning: "nats://host:4222: also publish every event to JetStream (stream ORDERS_EVENTS); unset: off" },
  WEBHOOK_ALLOW_PRIVATE_URLS: {
    default: "false",
    meaning: "true: accept webhook URLs on private, loopback and link-local addresses (tests, local receivers)",
  },
  EVENT_RETENTION_DAYS: {
    default: DEFAULT_EVENT_RETENTION_DAYS,
    meaning: "events and finished webhook attempts older than this are purged (1..3650)",
  },
  WEBHOOK_RETRY_HOURS: {
    default: DEFAULT_DELIVERY_RETRY.giveUpAfterMs / 3_600_000,
    meaning: "a failing webhook delivery is retried (exponential backoff, jitter) this long, then failed (1..720)",
  },
} as const satisfies EnvTable;

export function readEventConfig(read: EnvReader): EventConfig {
  const allow = read.get("WEBHOOK_ALLOW_PRIVATE_URLS") ?? EVENTS_ENV.WEBHOOK_ALLOW_PRIVATE_URLS.default;
  if (allow !== "true" && allow !== "false") read.problem('WEBHOOK_ALLOW_PRIVATE_URLS must be "true" or "false"');
  return {
    natsUrl: read.get("NATS_URL") === undefined ? undefined : read.url("NATS_URL", ["nats", "tls"]),
    allowPrivateWebhookUrls: allow === "true",
    retentionDays: read.int("EVENT_RETENTION_DAYS", EVENTS_ENV.EVENT_RETENTION_DAYS.default, 1, 3_650),
    webhookRetryHours: read.int("WEBHOOK_RETRY_HOURS", EVENTS_ENV.WEBHOOK_RETRY_HOURS.default, 1, 720),
  };
}
