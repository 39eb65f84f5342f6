import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { getRequestListener, RequestError } from "@hono/node-server";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import type { AppEnv } from "./http/AppEnv.js";
import { HttpError } from "./http/HttpError.js";
import { handleError } from "./http/handleError.js";

export interface ServeOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly hostname?: string;
  readonly logger: Logger;
}

export interface ServedApp {
  readonly server: Server;
  readonly port: number;
  /**
   * Stops accepting, closes idle keep-alive sockets now, and resolves once in-flight requests
   * have finished; each of those is answered with Connection: close.
   */
  close(): Promise<void>;
}

interface Fetchable {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/**
 * Answers a request the transport refused before the app could route it, through the same
 * request-id and secure-headers middleware as the app and `handleError`, so the answer has the
 * documented error shape. Logged at info with its request id; `quiet` for a request already in
 * flight, whose own pipeline logs and counts it.
 */
function refusals(logger: Logger) {
  const app = new Hono<AppEnv>().use(requestId()).use(secureHeaders());
  app.all("*", (c) => {
    throw (c.env as { refusal: Error }).refusal;
  });
  app.onError(handleError(logger));
  return async (refusal: Error, from: IncomingMessage | undefined, quiet = false) => {
    const forwardedId = from?.headers["x-request-id"];
    const headers = typeof forwardedId === "string" ? { "X-Request-Id": forwardedId } : undefined;
    const response = await app.fetch(new Request("http://refused.invalid/", { headers }), { refusal });
    if (!quiet) {
      const code = refusal instanceof HttpError ? refusal.code : "internal";
      const request_id = response.headers.get("X-Request-Id");
      logger.info({ request_id, method: from?.method ?? null, status: response.status, code }, "request refused");
    }
    return response;
  };
}

/** What Node's HTTP parser (or the socket) failed with, as one of our codes; null when nobody is left to answer. */
function parserRefusal(error: NodeJS.ErrnoException & { reason?: string }): HttpError | null {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return new HttpError("request_header_fields_too_large", "request headers are too large");
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return new HttpError("payload_too_large", "chunk extensions are too large");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new HttpError("request_timeout", "the request took too long to arrive");
    // The client hung up mid-request (FIN before the body ended): nobody is reading.
    case "HPE_INVALID_EOF_STATE":
    case "ECONNRESET":
    case "EPIPE":
    case "ECONNABORTED":
      return null;
    default: {
      const reason = (error.reason ?? error.code ?? "unreadable").toLowerCase();
      return new HttpError("bad_request", `malformed request: ${reason}`);
    }
  }
}

/** A whole HTTP/1.1 response for a socket Node's server no longer writes to. */
async function rawResponse(response: Response): Promise<Buffer> {
  const body = Buffer.from(await response.arrayBuffer());
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ""}`];
  for (const [name, value] of response.headers) {
    if (name !== "connection" && name !== "content-length") lines.push(`${name}: ${value}`);
  }
  lines.push(`Date: ${new Date().toUTCString()}`, "Connection: close", `Content-Length: ${body.byteLength}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), body]);
}

/**
 * The Node server around the app, for main.ts and the tests (port 0). Besides serving, it answers
 * in the documented JSON error shape what Node and @hono/node-server would otherwise answer bare:
 * - the parser's refusals ('clientError': header overflow 431, bad header characters or request
 *   line 400, timeouts 408), written raw with Connection: close while the socket still takes it;
 * - URLs node-server cannot build (backslash in the path, a bad or missing Host): 400 bad_request.
 * A parser error in the middle of a request body (malformed chunked framing) goes to the request
 * in flight, whose body read fails with it: the app logs and counts it as a client abort (499).
 */
export async function serveApp(app: Fetchable, options: ServeOptions): Promise<ServedApp> {
  const { logger } = options;
  const refuse = refusals(logger);

  // node-server calls its errorHandler synchronously from the listener when it cannot build the
  // Request, so the IncomingMessage being received is known there; later calls get undefined.
  let receiving: IncomingMessage | undefined;
  const listener = getRequestListener(app.fetch, {
    errorHandler: (error) => {
      const refused = error instanceof RequestError;
      const refusal = refused ? new HttpError("bad_request", `malformed request: ${lowerFirst(error.message)}`) : error;
      return refuse(refusal as Error, receiving);
    },
  });
  // requireHostHeader: false, so a missing Host reaches node-server and gets the JSON 400 too.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    receiving = req;
    try {
      return listener(req, res);
    } finally {
      receiving = undefined;
    }
  });

  let stopping = false;
  const inFlight = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    // server.close() waits for every open connection, and a keep-alive client that keeps sending
    // never lets its socket go idle: once stopping, each response says Connection: close.
    if (stopping && !res.headersSent) res.setHeader("connection", "close");
    const socket = req.socket;
    inFlight.set(socket, { req, res });
    res.once("close", () => {
      if (inFlight.get(socket)?.res === res) inFlight.delete(socket);
    });
  });

  // The parser stays broken after an error and reports each later chunk again: answer once.
  const refusedSockets = new WeakSet<Socket>();
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (refusedSockets.has(socket)) return;
    refusedSockets.add(socket);
    const exchange = inFlight.get(socket);
    const refusal = parserRefusal(error);
    const giveUp = () => (exchange === undefined ? socket.destroy() : exchange.req.destroy(error));
    if (refusal === null || !socket.writable) return giveUp();
    logger.info({ err_code: error.code, in_flight: exchange !== undefined }, "HTTP parser refused the request");
    refuse(refusal, exchange?.req, exchange !== undefined)
      .then(rawResponse)
      .then(
        (bytes) => {
          if (!socket.writable || exchange?.res.headersSent === true) return giveUp();
          socket.write(bytes, () => giveUp());
        },
        (answerError: unknown) => {
          logger.error({ err: answerError }, "could not answer a refused request");
          giveUp();
        },
      );
  });

  server.listen(options.port, options.hostname);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    close: async () => {
      stopping = true;
      // Stop accepting; in-flight requests finish, idle keep-alive sockets are closed now.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    },
  };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
