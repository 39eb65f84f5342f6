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

/** True when `error` says the database could not be reached, rather than that a statement failed. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof StorageUnavailableError) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith("08"))) {
    return true;
  }
  if (MESSAGES.some((m) => error.message.includes(m))) return true;
  // AggregateError from net.connect when every address of a host refused.
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return error.cause !== undefined && isConnectionError(error.cause);
}

/** Connection failures become StorageUnavailableError; anything else is left as it is. */
export function toStorageError(error: unknown): unknown {
  if (error instanceof StorageUnavailableError || !isConnectionError(error)) return error;
  return new StorageUnavailableError(error);
}
