import { createHash } from "node:crypto";
import { IDEMPOTENCY_KEY_TTL_MS, type IdempotencyStore } from "@orders/adapters";
import { type Clock, InvalidInputError } from "@orders/domain";
import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import type { AppEnv } from "./AppEnv.js";
import { HttpError } from "./HttpError.js";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";

/** 1-255 printable ASCII characters. */
const VALID_KEY = /^[\x20-\x7E]{1,255}$/;

/** JSON with object keys sorted at every level, so key order and whitespace do not matter. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of what the request asks for: method, concrete path, and the body as canonical JSON. */
function fingerprintOf(method: string, path: string, bodyText: string): string {
  let body: string;
  try {
    body = bodyText.trim() === "" ? "null" : canonicalJson(JSON.parse(bodyText));
  } catch {
    // Only bodiless routes get here (the others parsed the body already): compare the raw text.
    body = `raw:${bodyText}`;
  }
  return createHash("sha256").update(`${method}\n${path}\n${body}`).digest("hex");
}

/** Whether a response is the request's final answer (replayed later) or may change on a retry. */
const isFinal = (status: number) => status < 500 && status !== 429;

/**
 * Honours an optional Idempotency-Key header on a state-changing route; runs after
 * `authenticate` (keys are per user) and after the body is parsed. The first request with a key
 * runs and its status and body are stored; a repeat with the same method, path and body gets
 * them back with `Idempotent-Replayed: true` and runs nothing; the same key with another payload
 * is a 422, and a repeat while the first still runs a 409 with Retry-After. A 5xx or 429 is not
 * stored: the claim is dropped so a retry runs again.
 */
export function idempotencyKey(
  store: IdempotencyStore,
  options: { readonly logger: Logger; readonly clock: Clock },
): MiddlewareHandler<AppEnv> {
  const { clock } = options;
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined) return next();
    if (!VALID_KEY.test(key)) {
      throw new InvalidInputError(IDEMPOTENCY_KEY_HEADER, "must be 1 to 255 printable ASCII characters");
    }
    const { userId } = c.get("actor");
    const fingerprint = fingerprintOf(c.req.method, c.req.path, await c.req.text());
    const claim = await store.claim({ userId, key, fingerprint, now: clock.now() });
    switch (claim.state) {
      case "mismatch":
        throw new HttpError(
          "idempotency_key_reused",
          `${IDEMPOTENCY_KEY_HEADER} was already used for a different request; use a new key`,
        );
      case "in_flight":
        throw new HttpError(
          "idempotency_key_in_flight",
          `a request with this ${IDEMPOTENCY_KEY_HEADER} is still running; retry in ${claim.retryAfterSeconds} s`,
          { retry_after_seconds: claim.retryAfterSeconds },
        );
      case "replay":
        c.header(IDEMPOTENT_REPLAYED_HEADER, "true");
        c.header("Content-Type", "application/json");
        // The status came from a response this app built when the key was first used.
        return c.body(claim.body, claim.statusCode as ContentfulStatusCode);
      case "claimed":
        break;
    }

    const log = options.logger.child({ request_id: c.get("requestId"), user_id: userId });
    try {
      await next();
    } catch (error) {
      await store.abandon({ userId, key }).catch((e: unknown) => log.warn({ err: e }, "idempotency abandon failed"));
      throw error;
    }
    // Hono has turned a thrown error into c.res by now (onError), so c.res is the answer sent.
    const status = c.res.status;
    try {
      if (isFinal(status)) await store.complete({ userId, key, statusCode: status, body: await c.res.clone().text() });
      else await store.abandon({ userId, key });
    } catch (error) {
      // The work is done and the client gets its answer; a retry within the lease gets 409,
      // after it runs again. Nothing better can be done without the database.
      log.error({ err: error, status }, "could not record the idempotency key's result");
    }
  };
}

/** The header as an OpenAPI parameter, for describeRoute on the routes that honour it. */
export const idempotencyKeyParameter = {
  in: "header",
  name: IDEMPOTENCY_KEY_HEADER,
  required: false,
  description:
    "1-255 printable ASCII characters, unique per intended operation. A repeat with the same body gets the " +
    "first answer back (header Idempotent-Replayed: true) and changes nothing; another body with the same key " +
    "is a 422 idempotency_key_reused; a repeat while the first runs is a 409 idempotency_key_in_flight with " +
    `Retry-After. Keys are kept ${IDEMPOTENCY_KEY_TTL_MS / 3_600_000} h per user.`,
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x20-\\x7E]+$" },
} as const;

/** The 422 a route behind `idempotencyKey` can answer, for describeRoute's responses. */
export const idempotencyKeyReusedResponse = {
  422: { description: "idempotency_key_reused: the Idempotency-Key was used for another request" },
} as const;
