// Webhook subscriptions and their deliveries in PostgreSQL: the admin API's side and the worker's.
import {
  type ClaimedDelivery,
  DEFAULT_DELIVERY_RETRY,
  type DeliveryQuery,
  type DeliveryStatus,
  type EventType,
  type NewWebhook,
  type Webhook,
  type WebhookChange,
  type WebhookDeliveries,
  type WebhookDelivery,
  type WebhookStatus,
  type Webhooks,
} from "@orders/domain";
import type { SqlRunner } from "../postgres/SqlRunner.js";
import { toSafeInteger } from "../postgres/toSafeInteger.js";
import { EVENT_COLUMNS, type EventRow, toDomainEvent } from "./eventRow.js";

interface WebhookRow {
  id: unknown;
  url: string;
  event_types: string[];
  description: string | null;
  status: WebhookStatus;
  created_at: Date;
}

interface DeliveryRow {
  id: unknown;
  webhook_id: unknown;
  event_id: string;
  event_type: EventType;
  status: DeliveryStatus;
  attempts: unknown;
  last_status_code: unknown;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
}

const WEBHOOK_COLUMNS = "id, url, event_types, description, status, created_at";
const DELIVERY_COLUMNS = `d.id, d.webhook_id, d.event_id, (SELECT e.type FROM events e WHERE e.id = d.event_id) AS event_type,
  d.status, d.attempts, d.last_status_code, d.last_error, d.next_attempt_at, d.created_at`;

const toWebhook = (row: WebhookRow): Webhook => ({
  id: toSafeInteger(row.id),
  url: row.url,
  eventTypes: row.event_types as EventType[],
  description: row.description,
  status: row.status,
  createdAt: new Date(row.created_at),
});

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: toSafeInteger(row.id),
  webhookId: toSafeInteger(row.webhook_id),
  eventId: row.event_id,
  eventType: row.event_type,
  status: row.status,
  attempts: toSafeInteger(row.attempts),
  lastStatusCode: row.last_status_code === null ? null : toSafeInteger(row.last_status_code),
  lastError: row.last_error,
  nextAttemptAt: row.status === "pending" ? new Date(row.next_attempt_at) : null,
  createdAt: new Date(row.created_at),
});

export interface PostgresWebhooksOptions {
  /** How long a delivery retried by hand is retried again before it fails. */
  readonly giveUpAfterMs?: number;
}

export class PostgresWebhooks implements Webhooks, WebhookDeliveries {
  private readonly giveUpAfterMs: number;

  constructor(
    private readonly db: SqlRunner,
    options: PostgresWebhooksOptions = {},
  ) {
    this.giveUpAfterMs = options.giveUpAfterMs ?? DEFAULT_DELIVERY_RETRY.giveUpAfterMs;
  }

  async create(webhook: NewWebhook): Promise<Webhook> {
    const [row] = await this.db.query<WebhookRow>(
      `INSERT INTO webhooks (url, event_types, description, secret) VALUES ($1, $2, $3, $4) RETURNING ${WEBHOOK_COLUMNS}`,
      [webhook.url, webhook.eventTypes, webhook.description, webhook.secret],
    );
    if (row === undefined) throw new Error("INSERT ... RETURNING answered no row");
    return toWebhook(row);
  }

  async list(): Promise<Webhook[]> {
    const rows = await this.db.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks ORDER BY id`, []);
    return rows.map(toWebhook);
  }

  async findById(id: number): Promise<Webhook | null> {
    const [row] = await this.db.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1`, [id]);
    return row === undefined ? null : toWebhook(row);
  }

  async update(id: number, change: WebhookChange): Promise<Webhook | null> {
    const [row] = await this.db.query<WebhookRow>(
      `UPDATE webhooks SET url = coalesce($2, url), event_types = coalesce($3, event_types),
              status = coalesce($4, status), updated_at = now()
       WHERE id = $1 RETURNING ${WEBHOOK_COLUMNS}`,
      [id, change.url ?? null, change.eventTypes ?? null, change.status ?? null],
    );
    return row === undefined ? null : toWebhook(row);
  }

  async remove(id: number): Promise<Webhook | null> {
    const [row] = await this.db.query<WebhookRow>(`DELETE FROM webhooks WHERE id = $1 RETURNING ${WEBHOOK_COLUMNS}`, [
      id,
    ]);
    return row === undefined ? null : toWebhook(row);
  }

  async deliveries(query: DeliveryQuery): Promise<WebhookDelivery[]> {
    const rows = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
       WHERE d.webhook_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::bigint IS NULL OR d.id > $3)
       ORDER BY d.id LIMIT $4`,
      [query.webhookId, query.status ?? null, query.afterId ?? null, query.limit],
    );
    return rows.map(toDelivery);
  }

  async retry(webhookId: number, deliveryId: number, now: Date): Promise<WebhookDelivery | null> {
    const [row] = await this.db.query<DeliveryRow>(
      `UPDATE webhook_deliveries d
       SET status = 'pending', next_attempt_at = $3, finished_at = NULL,
           give_up_at = $3::timestamptz + $4::bigint * interval '1 millisecond'
       WHERE d.webhook_id = $1 AND d.id = $2
       RETURNING ${DELIVERY_COLUMNS}`,
      [webhookId, deliveryId, now, this.giveUpAfterMs],
    );
    return row === undefined ? null : toDelivery(row);
  }

  async claim(
    now: Date,
    limit: number,
    leaseMs: number,
    skipWebhookIds: readonly number[],
  ): Promise<ClaimedDelivery[]> {
    // SKIP LOCKED: workers claiming at once take disjoint rows; the lease keeps a claimed attempt
    // from every other worker until it lapses (a worker killed mid-send: another takes it then).
    // Per endpoint and aggregate only the earliest pending delivery is due: sequence order.
    const rows = await this.db.query<
      EventRow & { delivery_id: unknown; lease_token: string; webhook_id: unknown; url: string; secret: string }
    >(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.status = 'enabled'
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1
           AND (d.leased_until IS NULL OR d.leased_until <= $1)
           AND NOT (d.webhook_id = ANY ($4::bigint[]))
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries p
             WHERE p.webhook_id = d.webhook_id AND p.aggregate_type = d.aggregate_type
               AND p.aggregate_id = d.aggregate_id AND p.status = 'pending' AND p.position < d.position)
         ORDER BY d.next_attempt_at, d.position
         LIMIT $2
         FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_deliveries d
         SET leased_until = $1::timestamptz + $3::bigint * interval '1 millisecond',
             lease_token = gen_random_uuid(), attempts = d.attempts + 1
         FROM due WHERE d.id = due.id
         RETURNING d.id, d.lease_token, d.webhook_id, d.event_id, d.attempts, d.give_up_at, d.position
       )
       SELECT c.id AS delivery_id, c.lease_token, c.webhook_id, c.attempts, c.give_up_at, w.url, w.secret,
              ${EVENT_COLUMNS}
       FROM claimed c JOIN webhooks w ON w.id = c.webhook_id JOIN events e ON e.id = c.event_id
       ORDER BY c.position`,
      [now, limit, leaseMs, skipWebhookIds],
    );
    return rows.map(
      (row): ClaimedDelivery => ({
        id: toSafeInteger(row.delivery_id),
        leaseToken: row.lease_token,
        webhookId: toSafeInteger(row.webhook_id),
        url: row.url,
        secret: row.secret,
        attempts: toSafeInteger((row as unknown as { attempts: unknown }).attempts),
        giveUpAt: new Date((row as unknown as { give_up_at: Date }).give_up_at),
        event: toDomainEvent(row),
      }),
    );
  }

  async delivered(delivery: ClaimedDelivery, statusCode: number, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries
       SET status = 'delivered', last_status_code = $3, last_error = NULL, finished_at = $4,
           leased_until = NULL, lease_token = NULL
       WHERE id = $1 AND lease_token = $2`,
      [delivery.id, delivery.leaseToken, statusCode, now],
    );
  }

  async attemptFailed(
    delivery: ClaimedDelivery,
    failure: { statusCode: number | null; error: string },
    nextAttemptAt: Date | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries
       SET status = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = coalesce($5::timestamptz, next_attempt_at),
           finished_at = CASE WHEN $5::timestamptz IS NULL THEN now() END,
           last_status_code = $3, last_error = left($4, 500), leased_until = NULL, lease_token = NULL
       WHERE id = $1 AND lease_token = $2`,
      [delivery.id, delivery.leaseToken, failure.statusCode, failure.error, nextAttemptAt],
    );
  }
}
