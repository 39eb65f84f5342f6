import { DomainError } from "@orders/domain";
import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "pino";
import type { AppEnv } from "./AppEnv.js";
import { CLIENT_CLOSED_REQUEST, clientAbortOf } from "./clientAbort.js";
import { discardBody } from "./discardBody.js";
import { type ErrorCode, errorStatus } from "./errorStatus.js";
import { HttpError } from "./HttpError.js";

interface KnownError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(errorStatus, code);

/** Hono's own exceptions (malformed JSON seen by a validator, body limit) in our vocabulary. */
function fromHttpException(error: HTTPException): KnownError | null {
  if (error.status === 400) return { code: "invalid_json", message: "request body is not valid JSON", details: {} };
  if (error.status === 413) return { code: "payload_too_large", message: "request body is too large", details: {} };
  if (error.status === 401) return { code: "unauthenticated", message: error.message, details: {} };
  return null;
}

function known(error: unknown): KnownError | null {
  if ((error instanceof DomainError || error instanceof HttpError) && isErrorCode(error.code)) {
    return { code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof HTTPException) return fromHttpException(error);
  return null;
}

/** A body that never arrived whole: logged as the client's doing and counted as 499, never a 5xx. */
function clientAborted(logger: Logger, error: Error, c: Context<AppEnv>): Response | null {
  const abort = clientAbortOf(error);
  if (abort === null) return null;
  const errCode = (error as NodeJS.ErrnoException).code;
  logger.info({ request_id: c.get("requestId"), abort, err_code: errCode }, "client aborted request");
  return new Response(null, { status: CLIENT_CLOSED_REQUEST });
}

/**
 * The one place errors become responses: {"error", "code", ...details} with the status from
 * `errorStatus`. A client abort is logged at info and answered 499 (to nobody); anything else
 * unexpected is logged with the request id and answered as a bare 500.
 */
export function handleError(logger: Logger): ErrorHandler<AppEnv> {
  return async (error: Error, c: Context<AppEnv>) => {
    const aborted = clientAborted(logger, error, c);
    if (aborted !== null) return aborted;
    const unexpected = (err: unknown) => {
      logger.error({ err, request_id: c.get("requestId") }, "unexpected error");
      return c.json({ error: "internal error", code: "internal" }, 500);
    };
    const found = known(error);
    if (found === null) return unexpected(error);
    if (found.code === "payload_too_large") {
      // Node resets a connection whose body is left unread, and the 413 goes down with it: read the
      // rest first (up to a bound), or say the connection closes.
      try {
        if (!(await discardBody(c.req.raw))) c.header("Connection", "close");
      } catch (readError) {
        const abortedMidBody = clientAborted(logger, readError as Error, c);
        return abortedMidBody ?? unexpected(readError);
      }
    }
    // too_many_login_attempts and idempotency_key_in_flight say when to come back.
    const retryAfter = found.details.retry_after_seconds;
    if (typeof retryAfter === "number") c.header("Retry-After", String(retryAfter));
    if (found.code === "unauthenticated") c.header("WWW-Authenticate", "Bearer");
    return c.json({ ...found.details, error: found.message, code: found.code }, errorStatus[found.code]);
  };
}
