import { StorageUnavailableError } from "@orders/domain";

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);
// Admin shutdown, crash shutdown, cannot connect now, too many connections.
const SERVER_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
const MESSAGES = [
  "timeout exceeded when trying to connect",
  "Connection terminated",
  "Query read timeout",
  "is not queryable",
  "Cannot use a pool after calling end",
  "PGlite is closed",
];

// Deadlock detected, serialization failure: the transaction lost a race and may simply run again.
const CONFLICT_CODES = new Set(["40P01", "40001"]);

/** True when `error` (or its cause) says the transaction lost a lock or serialization race. */
export function isTransientConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CONFLICT_CODES.has(code)) return true;
  return error.cause !== undefined && isTransientConflict(error.cause);
}

/** True when `error` says the database could not be reached, rather than that a statement failed. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // A lost race leaves the connection healthy; every other storage failure does not.
  if (error instanceof StorageUnavailableError) return !isTransientConflict(error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith("08"))) {
    return true;
  }
  if (MESSAGES.some((m) => error.message.includes(m))) return true;
  // AggregateError from net.connect when every address of a host refused.
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return error.cause !== undefined && isConnectionError(error.cause);
}

/**
 * Connection failures and lost races (retryable by the client) become StorageUnavailableError;
 * anything else is left as it is.
 */
export function toStorageError(error: unknown): unknown {
  if (error instanceof StorageUnavailableError) return error;
  if (!isConnectionError(error) && !isTransientConflict(error)) return error;
  return new StorageUnavailableError(error);
}
