import type { DomainEvent, EventType } from "../events/DomainEvent.js";
import type { DeliveryStatus, Webhook, WebhookDelivery, WebhookStatus } from "../events/Webhook.js";

export interface NewWebhook {
  readonly url: string;
  readonly eventTypes: readonly EventType[];
  readonly description: string | null;
  /** `whsec_<base64>`: shown once, signs every delivery. */
  readonly secret: string;
}

export interface WebhookChange {
  readonly url?: string;
  readonly eventTypes?: readonly EventType[];
  readonly status?: WebhookStatus;
}

export interface DeliveryQuery {
  readonly webhookId: number;
  readonly status?: DeliveryStatus;
  readonly afterId?: number;
  readonly limit: number;
}

/** Webhook subscriptions and their deliveries, as the admin API sees them. */
export interface Webhooks {
  create(webhook: NewWebhook): Promise<Webhook>;
  list(): Promise<Webhook[]>;
  findById(id: number): Promise<Webhook | null>;
  /** Null when there is no such webhook. */
  update(id: number, change: WebhookChange): Promise<Webhook | null>;
  /** The removed webhook; null when there was none. */
  remove(id: number): Promise<Webhook | null>;
  deliveries(query: DeliveryQuery): Promise<WebhookDelivery[]>;
  /** Makes the delivery pending and due now, with a fresh retry window; null when there is no such delivery. */
  retry(webhookId: number, deliveryId: number, now: Date): Promise<WebhookDelivery | null>;
}

/** One attempt a worker holds: the event to send, and where. */
export interface ClaimedDelivery {
  readonly id: number;
  readonly leaseToken: string;
  readonly webhookId: number;
  readonly url: string;
  readonly secret: string;
  readonly attempts: number;
  readonly giveUpAt: Date;
  readonly event: DomainEvent;
}

/** The worker's side of deliveries: claim due attempts, record their outcome. */
export interface WebhookDeliveries {
  /**
   * Claims up to `limit` due pending deliveries for `leaseMs` (no other worker takes them until it
   * lapses), none of an endpoint in `skipWebhookIds`, and per endpoint and aggregate only the
   * earliest pending one, so events of one aggregate reach an endpoint in sequence order.
   */
  claim(now: Date, limit: number, leaseMs: number, skipWebhookIds: readonly number[]): Promise<ClaimedDelivery[]>;
  delivered(delivery: ClaimedDelivery, statusCode: number, now: Date): Promise<void>;
  /** Records a failed attempt: retried at `nextAttemptAt`, or failed for good when that is null. */
  attemptFailed(
    delivery: ClaimedDelivery,
    failure: { statusCode: number | null; error: string },
    nextAttemptAt: Date | null,
  ): Promise<void>;
}
