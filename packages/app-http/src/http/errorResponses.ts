import type { ResponsesWithResolver } from "hono-openapi";
import { resolver } from "hono-openapi";
import * as v from "valibot";
import { type ErrorCode, errorStatus } from "./errorStatus.js";
import { ErrorResponse } from "./responses.js";

// The error codes an operation can answer come in groups, one per piece of the pipeline it runs.

/** `authenticate`: a missing or bad token, a control character in Authorization, the user lookup. */
export const AUTHENTICATED = ["invalid_input", "unauthenticated", "storage_unavailable"] as const;
/** `adminOnly`, after `authenticate`. */
export const ADMIN_ONLY = [...AUTHENTICATED, "forbidden"] as const;
/** `parseJsonBody` and the body validator, under the app's body limit. */
export const JSON_BODY = ["invalid_json", "invalid_input", "payload_too_large"] as const;
/** `idempotencyKey`: a bad key, the same key still running or used for another request. */
export const IDEMPOTENT = ["invalid_input", "idempotency_key_in_flight", "idempotency_key_reused"] as const;

/** Codes whose answer says when to come back (handleError sets the header from retry_after_seconds). */
const RETRY_AFTER: readonly ErrorCode[] = [
  "too_many_login_attempts",
  "rate_limited",
  "idempotency_key_in_flight",
  "storage_unavailable",
];

/**
 * The error part of an operation's `responses`, from the codes it can answer: one response per
 * status, the status taken from `errorStatus` (the one table), its body an Error whose `code` is
 * one of the codes given. `internal` (500) is added to every operation. `notes` add a sentence to
 * a status's description.
 */
export function errorResponses(
  codes: readonly ErrorCode[],
  notes: Readonly<Partial<Record<number, string>>> = {},
): ResponsesWithResolver {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set<ErrorCode>([...codes, "internal"])) {
    const status = errorStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: ResponsesWithResolver = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    const [first, ...rest] = group as [ErrorCode, ...ErrorCode[]];
    const note = notes[status];
    const headers = {
      ...(group.some((code) => RETRY_AFTER.includes(code))
        ? { "Retry-After": { description: "seconds to wait before retrying", schema: { type: "integer" as const } } }
        : {}),
      ...(group.includes("unauthenticated")
        ? { "WWW-Authenticate": { description: "Bearer", schema: { type: "string" as const } } }
        : {}),
    };
    responses[status] = {
      description: `${group.map((code) => `\`${code}\``).join(", ")}${note === undefined ? "" : `: ${note}`}`,
      ...(Object.keys(headers).length === 0 ? {} : { headers }),
      content: {
        "application/json": {
          schema: resolver(v.intersect([ErrorResponse, v.object({ code: v.picklist([first, ...rest]) })])),
        },
      },
    };
  }
  return responses;
}
