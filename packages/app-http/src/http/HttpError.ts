/** Codes only the transport can raise; the domain's own codes come from DomainErrorCode. */
export type HttpErrorCode =
  | "bad_request"
  | "request_header_fields_too_large"
  | "request_timeout"
  | "invalid_json"
  | "not_found"
  | "payload_too_large"
  | "idempotency_key_reused"
  | "idempotency_key_in_flight"
  | "rate_limited"
  | "internal";

/**
 * A failure found before any use case ran: unreadable body, unknown route, body too large, an
 * Idempotency-Key reused for another payload or still in flight.
 */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}
