// The expected failures of webhook management.
import { DomainError } from "../shared/errors.js";

export class WebhookNotFoundError extends DomainError<"webhook_not_found"> {
  constructor(webhookId: number) {
    super("webhook_not_found", `webhook ${webhookId} not found`, { webhook_id: webhookId });
  }
}

export class DeliveryNotFoundError extends DomainError<"delivery_not_found"> {
  constructor(webhookId: number, deliveryId: number) {
    super("delivery_not_found", `delivery ${deliveryId} of webhook ${webhookId} not found`, {
      webhook_id: webhookId,
      delivery_id: deliveryId,
    });
  }
}

/** A URL the service will not call: not http(s), or (unless allowed) a private, loopback or link-local address. */
export class WebhookUrlRefusedError extends DomainError<"webhook_url_refused"> {
  constructor(url: string, reason: string) {
    super("webhook_url_refused", `webhook url refused: ${reason}`, { url, reason });
  }
}

export type EventErrorCode =
  | WebhookNotFoundError["code"]
  | DeliveryNotFoundError["code"]
  | WebhookUrlRefusedError["code"];
