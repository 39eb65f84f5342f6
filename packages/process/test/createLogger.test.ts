import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, prettyLogs } from "../src/createLogger.js";

/** A stream that collects what is written, claiming to be a terminal or not. */
function output(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = "";
  stream.on("data", (chunk) => {
    text += String(chunk);
  });
  return { stream, text: () => text };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("createLogger", () => {
  it("writes JSON lines when the output is not a terminal", async () => {
    const out = output(false);
    createLogger({ logLevel: "info", logFormat: "auto" }, "orders-test", out.stream).info({ order_id: 7 }, "released");
    await settle();
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, service: "orders-test", order_id: 7, msg: "released" });
  });

  it("writes human-readable lines (pino-pretty) when the output is a terminal", async () => {
    const out = output(true);
    createLogger({ logLevel: "info", logFormat: "auto" }, "orders-test", out.stream).warn({ order_id: 7 }, "released");
    await settle();
    expect(out.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: released\n/);
    expect(out.text()).toContain("order_id: 7");
    expect(() => JSON.parse(out.text())).toThrow();
  });

  it("LOG_FORMAT json or pretty overrides the terminal check", () => {
    expect(prettyLogs("auto", true)).toBe(true);
    expect(prettyLogs("auto", false)).toBe(false);
    expect(prettyLogs("json", true)).toBe(false);
    expect(prettyLogs("pretty", false)).toBe(true);
  });
});
