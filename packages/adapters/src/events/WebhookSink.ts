// Sends one event to one webhook endpoint, signed per the Standard Webhooks specification.
import { type Clock, type DomainEvent, type EventSink, SinkError, type SinkReceipt } from "@orders/domain";
import { Webhook } from "standardwebhooks";

export interface WebhookSinkOptions {
  readonly url: string;
  /** `whsec_<base64>`; the key is the base64-decoded part. */
  readonly secret: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly fetch?: typeof fetch;
}

/**
 * POSTs the event as JSON with `webhook-id` (the event id: every retry carries the same),
 * `webhook-timestamp` (unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of
 * "{id}.{timestamp}.{body}">`), signed by the `standardwebhooks` package. A 2xx within the timeout
 * is accepted; anything else rejects with SinkError. Redirects are not followed.
 */
export class WebhookSink implements EventSink {
  private readonly signer: Webhook;

  constructor(private readonly options: WebhookSinkOptions) {
    this.signer = new Webhook(options.secret);
  }

  async send(event: DomainEvent): Promise<SinkReceipt> {
    const body = JSON.stringify(event);
    const at = this.options.clock.now();
    const headers = {
      "content-type": "application/json",
      "user-agent": "order-service-webhooks/1",
      "webhook-id": event.id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": this.signer.sign(event.id, at, body),
    };
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(this.options.url, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new SinkError(
        timedOut ? `no answer within ${this.options.timeoutMs} ms` : `request failed: ${describe(error)}`,
      );
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status > 299) {
      throw new SinkError(`receiver answered ${response.status}`, response.status);
    }
    return { statusCode: response.status };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
