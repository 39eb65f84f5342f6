// An admin subscribes endpoints to events, changes and removes them, reads and retries deliveries.
import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { Clock } from "../ports/Clock.js";
import type { Webhooks } from "../ports/Webhooks.js";
import { InvalidInputError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import { DeliveryNotFoundError, WebhookNotFoundError } from "./errors.js";
import {
  type DeliveryStatus,
  MAX_WEBHOOK_DESCRIPTION_LENGTH,
  parseEventTypes,
  type Webhook,
  type WebhookDelivery,
  type WebhookStatus,
} from "./Webhook.js";

/** Checks a URL may be called (scheme, and no private address unless allowed); answers it normalized. */
export interface WebhookUrlPolicy {
  check(url: string): Promise<string>;
}

/** A fresh signing secret, `whsec_<base64>`. */
export type NewSecret = () => string;

export interface CreateWebhookInput {
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description?: string | null;
}

export interface UpdateWebhookInput {
  readonly url?: string;
  readonly eventTypes?: readonly string[];
  readonly status?: WebhookStatus;
}

export class ManageWebhooks {
  constructor(
    private readonly webhooks: Webhooks,
    private readonly urls: WebhookUrlPolicy,
    private readonly newSecret: NewSecret,
    private readonly clock: Clock,
  ) {}

  /** The new webhook and its secret: the only time the secret is shown. */
  async create(actor: Actor, input: CreateWebhookInput): Promise<{ webhook: Webhook; secret: string }> {
    requireAdmin(actor, "manage webhooks");
    const eventTypes = parseEventTypes(input.eventTypes);
    const description = input.description ?? null;
    if (description !== null && description.length > MAX_WEBHOOK_DESCRIPTION_LENGTH) {
      throw new InvalidInputError("description", `must be at most ${MAX_WEBHOOK_DESCRIPTION_LENGTH} characters`);
    }
    const url = await this.urls.check(input.url);
    const secret = this.newSecret();
    return { webhook: await this.webhooks.create({ url, eventTypes, description, secret }), secret };
  }

  async list(actor: Actor): Promise<Webhook[]> {
    requireAdmin(actor, "manage webhooks");
    return this.webhooks.list();
  }

  async get(actor: Actor, id: number): Promise<Webhook> {
    requireAdmin(actor, "manage webhooks");
    const found = await this.webhooks.findById(parseId(id, "id"));
    if (found === null) throw new WebhookNotFoundError(id);
    return found;
  }

  async update(actor: Actor, id: number, input: UpdateWebhookInput): Promise<Webhook> {
    requireAdmin(actor, "manage webhooks");
    if (input.url === undefined && input.eventTypes === undefined && input.status === undefined) {
      throw new InvalidInputError("body", "must change url, event_types or status");
    }
    const eventTypes = input.eventTypes === undefined ? undefined : parseEventTypes(input.eventTypes);
    const url = input.url === undefined ? undefined : await this.urls.check(input.url);
    const updated = await this.webhooks.update(parseId(id, "id"), { url, eventTypes, status: input.status });
    if (updated === null) throw new WebhookNotFoundError(id);
    return updated;
  }

  /** Removes the webhook and its deliveries; answers what was removed. */
  async remove(actor: Actor, id: number): Promise<Webhook> {
    requireAdmin(actor, "manage webhooks");
    const removed = await this.webhooks.remove(parseId(id, "id"));
    if (removed === null) throw new WebhookNotFoundError(id);
    return removed;
  }

  async deliveries(
    actor: Actor,
    query: { webhookId: number; status?: DeliveryStatus; afterId?: number; limit: number },
  ): Promise<WebhookDelivery[]> {
    requireAdmin(actor, "manage webhooks");
    if ((await this.webhooks.findById(parseId(query.webhookId, "id"))) === null) {
      throw new WebhookNotFoundError(query.webhookId);
    }
    return this.webhooks.deliveries(query);
  }

  /** Makes a delivery pending and due now, whatever its status, with a fresh retry window. */
  async retry(actor: Actor, webhookId: number, deliveryId: number): Promise<WebhookDelivery> {
    requireAdmin(actor, "manage webhooks");
    const retried = await this.webhooks.retry(
      parseId(webhookId, "id"),
      parseId(deliveryId, "delivery_id"),
      this.clock.now(),
    );
    if (retried === null) {
      if ((await this.webhooks.findById(webhookId)) === null) throw new WebhookNotFoundError(webhookId);
      throw new DeliveryNotFoundError(webhookId, deliveryId);
    }
    return retried;
  }
}
