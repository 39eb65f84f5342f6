import type { DomainErrorCode } from "@orders/domain";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { HttpErrorCode } from "./HttpError.js";

export type ErrorCode = DomainErrorCode | HttpErrorCode;

/**
 * The one table from error code to HTTP status. Typed as a Record over every code, so a new
 * domain error without a status here fails the typecheck instead of becoming a 500.
 */
export const errorStatus: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  bad_request: 400,
  invalid_json: 400,
  invalid_input: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  wrong_password: 403,
  not_found: 404,
  product_not_found: 404,
  warehouse_not_found: 404,
  order_not_found: 404,
  user_not_found: 404,
  request_timeout: 408,
  insufficient_stock: 409,
  order_not_payable: 409,
  order_not_cancellable: 409,
  reservation_expired: 409,
  warehouse_inactive: 409,
  sku_taken: 409,
  product_archived: 409,
  idempotency_key_in_flight: 409,
  version_mismatch: 412,
  login_taken: 409,
  last_admin: 409,
  payload_too_large: 413,
  idempotency_key_reused: 422,
  too_many_login_attempts: 429,
  rate_limited: 429,
  request_header_fields_too_large: 431,
  internal: 500,
  storage_unavailable: 503,
};
