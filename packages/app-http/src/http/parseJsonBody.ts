import { InvalidInputError } from "@orders/domain";
import type { MiddlewareHandler } from "hono";
import { HttpError } from "./HttpError.js";

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Reads the body as JSON whatever Content-Type says. The documented curls of the Go service this
 * one replaces send JSON with `curl -d`, which labels it application/x-www-form-urlencoded; those
 * clients must keep working. Anything that is not JSON is a 400 here, before validation.
 */
export const parseJsonBody: MiddlewareHandler = async (c, next) => {
  const text = await c.req.text();
  if (text.trim() === "") throw new HttpError("invalid_json", "request body is empty: expected a JSON object");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError("invalid_json", "request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InvalidInputError("body", "must be a JSON object");
  }
  const mediaType = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim() ?? "";
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    // The validator only reads bodies labelled JSON; relabel this one. The text is already
    // cached on c.req, so nothing reads the consumed stream again.
    const headers = new Headers(c.req.raw.headers);
    headers.set("Content-Type", "application/json");
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body: text });
  }
  await next();
};
