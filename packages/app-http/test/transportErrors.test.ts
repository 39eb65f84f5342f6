// What reaches the server over a real socket but never becomes an ordinary request: dropped
// uploads, broken framing, oversized bodies and headers, URLs node-server cannot build.
import { once } from "node:events";
import { connect } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, test } from "vitest";
import { type ServedApp, serveApp } from "../src/serveApp.js";
import { givenApp } from "./givenApp.js";

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

let served: ServedApp | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** The app over fakes on a real socket; `logs` holds the app's and the server's log lines. */
async function givenServer() {
  const given = await givenApp();
  const serverLines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => serverLines.push(JSON.parse(line)) });
  served = await serveApp(given.app, { port: 0, hostname: "127.0.0.1", logger });
  const { port } = served;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    logs: () => [...given.logLines, ...serverLines],
    /** The http_request_duration_seconds statuses recorded so far. */
    statuses: async () => {
      const text = await given.registry.metrics();
      return [...text.matchAll(/http_request_duration_seconds_count\{[^}]*status="(\d+)"/g)].map((m) => m[1]);
    },
  };
}

function parseAnswer(raw: string): RawAnswer | null {
  const end = raw.indexOf("\r\n\r\n");
  if (end === -1) return null;
  const [statusLine = "", ...lines] = raw.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body: raw.slice(end + 4) };
}

/** Writes `bytes` on a fresh socket and answers what comes back before the server closes it. */
async function rawRequest(port: number, bytes: string): Promise<RawAnswer> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let received = "";
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString("latin1");
  });
  socket.on("error", () => undefined);
  socket.write(bytes);
  await Promise.race([once(socket, "close"), new Promise((resolve) => setTimeout(resolve, 3000))]);
  socket.destroy();
  const answer = parseAnswer(received);
  if (answer === null) throw new Error(`no HTTP answer, got ${JSON.stringify(received)}`);
  return answer;
}

/** Sends `bytes`, then hangs up without waiting for an answer. */
async function writeAndHangUp(port: number, bytes: string): Promise<void> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.on("error", () => undefined);
  socket.write(bytes);
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function expectErrorShape(answer: RawAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  expect(answer.headers["x-request-id"]).toMatch(/^[\w-]{8,}$/);
  // The secure headers hono/secure-headers sets on every app response.
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(answer.headers["strict-transport-security"]).toBeDefined();
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(body).toMatchObject({ code });
  expect(typeof body.error).toBe("string");
}

describe("client aborts are the client's doing, not 5xx (issue 9 item 6)", () => {
  test("an upload dropped mid-body is logged at info as a client abort and counted as 499", async () => {
    const server = await givenServer();
    await writeAndHangUp(
      server.port,
      "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n" +
        '{"email_or_pho',
    );
    await until(() => server.logs().some((line) => line.msg === "request"), "the access log line");

    expect(server.logs().filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(server.logs()).toContainEqual(
      expect.objectContaining({ msg: "client aborted request", abort: "connection_closed" }),
    );
    expect(await server.statuses()).toEqual(["499"]);
  });

  test("a malformed chunked body is answered 400 where possible, logged as a client abort, counted as 499", async () => {
    const server = await givenServer();
    const answer = await rawRequest(
      server.port,
      "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
        "zz\r\nnot a chunk\r\n",
    );
    await until(() => server.logs().some((line) => line.msg === "request"), "the access log line");

    expectErrorShape(answer, 400, "bad_request");
    expect(server.logs().filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(server.logs()).toContainEqual(
      expect.objectContaining({ msg: "client aborted request", abort: "malformed_body" }),
    );
    expect(await server.statuses()).toEqual(["499"]);
  });
});

describe("oversized bodies get their 413 (issue 9 item 7)", () => {
  test("a 1 MB JSON body sent with fetch is answered 413 twenty times in a row", async () => {
    const server = await givenServer();
    const body = JSON.stringify({ email_or_phone: "a".repeat(1024 * 1024), password: "x" });
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await fetch(`${server.base}/checkout`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: "payload_too_large" });
    }
  });
});

describe("transport refusals in the documented error shape (issue 9 item 8)", () => {
  test("a 20 KB Authorization header is answered 431 request_header_fields_too_large", async () => {
    const server = await givenServer();
    const answer = await rawRequest(
      server.port,
      `GET /products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${"a".repeat(20 * 1024)}\r\n\r\n`,
    );
    expectErrorShape(answer, 431, "request_header_fields_too_large");
    expect(answer.headers.connection).toBe("close");
  });

  test("a CR inside a header value is answered 400 bad_request", async () => {
    const server = await givenServer();
    const answer = await rawRequest(server.port, "GET /products HTTP/1.1\r\nHost: x\r\nX-Note: a\rb\r\n\r\n");
    expectErrorShape(answer, 400, "bad_request");
  });

  test("backslashes in the path are answered 400 bad_request", async () => {
    const server = await givenServer();
    const answer = await rawRequest(
      server.port,
      "GET /products\\..\\warehouses\\1\\stock HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    expectErrorShape(answer, 400, "bad_request");
  });

  test("a bad Host header is answered 400 bad_request", async () => {
    const server = await givenServer();
    const answer = await rawRequest(server.port, "GET /products HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n");
    expectErrorShape(answer, 400, "bad_request");
  });

  test("a missing Host header is answered 400 bad_request", async () => {
    const server = await givenServer();
    const answer = await rawRequest(server.port, "GET /products HTTP/1.1\r\nConnection: close\r\n\r\n");
    expectErrorShape(answer, 400, "bad_request");
  });
});
