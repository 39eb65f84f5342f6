/**
 * The status the access log and `http_request_duration_seconds` record for a request whose client
 * went away, or broke the body framing, before the body arrived whole. nginx's "499 client closed
 * request": not a 5xx, so a client cannot page anyone by hanging up. Nobody receives it; the
 * socket is gone by the time it is "answered".
 */
export const CLIENT_CLOSED_REQUEST = 499;

/** Why a request body never arrived: the connection closed mid-body, or its chunked framing was broken. */
export type ClientAbort = "connection_closed" | "malformed_body";

/**
 * The one classification of request-body read failures. Only errors the HTTP server itself raises
 * on the request stream count: Node's `connResetException("aborted")` when the socket closes
 * mid-body, and the parser's `HPE_*` errors (serveApp hands those to the request in flight). A
 * database's "read ECONNRESET" is not a client abort and stays a 500.
 */
export function clientAbortOf(error: unknown): ClientAbort | null {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "HPE_INVALID_EOF_STATE") return "connection_closed"; // the client hung up mid-body
    if (typeof code === "string" && code.startsWith("HPE_")) return "malformed_body";
    if (code === "ECONNRESET" && cause.message === "aborted") return "connection_closed";
  }
  return null;
}
