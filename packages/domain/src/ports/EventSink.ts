import type { DomainEvent } from "../events/DomainEvent.js";

/** Why a send failed: the receiver's status code when it answered, and a short reason. */
export class SinkError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null = null,
  ) {
    super(message);
    this.name = "SinkError";
  }
}

/**
 * Where events leave the service: a webhook endpoint, a NATS JetStream stream, or any broker.
 * `send` resolves once the destination accepted the event and rejects (SinkError) otherwise; the
 * caller retries, and the destination dedupes by the event's id.
 */
export interface EventSink {
  send(event: DomainEvent): Promise<SinkReceipt>;
}

/** What the destination answered, when it says (an HTTP status); null otherwise. */
export interface SinkReceipt {
  readonly statusCode: number | null;
}
