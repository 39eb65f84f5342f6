// Webhook subscriptions and deliveries: the allowed values, the limits, and the retry schedule.
import { InvalidInputError } from "../shared/errors.js";
import { EVENT_TYPES, type EventType, isEventType } from "./DomainEvent.js";

export const WEBHOOK_STATUSES = ["enabled", "disabled"] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const MAX_WEBHOOK_DESCRIPTION_LENGTH = 500;

export interface Webhook {
  readonly id: number;
  readonly url: string;
  readonly eventTypes: readonly EventType[];
  readonly description: string | null;
  readonly status: WebhookStatus;
  readonly createdAt: Date;
}

export interface WebhookDelivery {
  readonly id: number;
  readonly webhookId: number;
  readonly eventId: string;
  readonly eventType: EventType;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: Date | null;
  readonly createdAt: Date;
}

/** At least one known type, each once, in the order given. */
export function parseEventTypes(value: readonly string[], field = "event_types"): EventType[] {
  if (value.length === 0) throw new InvalidInputError(field, "must list at least one event type");
  const unknown = value.find((type) => !isEventType(type));
  if (unknown !== undefined) {
    throw new InvalidInputError(field, `unknown event type "${unknown}"; known: ${EVENT_TYPES.join(", ")}`);
  }
  return [...new Set(value as EventType[])];
}

/**
 * How deliveries are retried: each try waits at most `timeoutMs` for a 2xx; a failure is retried
 * after `baseDelayMs * 2^(attempts - 1)` (at most `maxDelayMs`), scaled by a random factor in
 * [0.5, 1) so a recovering receiver is not hit by every delivery at once, until `giveUpAfterMs`
 * after the delivery was created (or retried by hand); then it is failed.
 */
export interface DeliveryRetryPolicy {
  readonly timeoutMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly giveUpAfterMs: number;
}

export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = {
  timeoutMs: 10_000,
  baseDelayMs: 1_000,
  maxDelayMs: 60 * 60 * 1000,
  giveUpAfterMs: 24 * 60 * 60 * 1000,
};

/** The pause before the next try after `attempts` failed ones; `random` is in [0, 1). */
export function retryDelayMs(policy: DeliveryRetryPolicy, attempts: number, random: number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40);
  return Math.round(Math.min(exponential, policy.maxDelayMs) * (0.5 + random / 2));
}

/** How long events and delivered attempts are kept (EVENT_RETENTION_DAYS). */
export const DEFAULT_EVENT_RETENTION_DAYS = 7;
