import { type TokenIssuer, UnauthenticatedError } from "@orders/domain";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./AppEnv.js";

/** Requires `Authorization: Bearer <jwt>` and puts the verified actor on the context. */
export function authenticate(tokens: TokenIssuer): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization");
    if (header === undefined || header.trim() === "") throw new UnauthenticatedError("missing bearer token");
    const [scheme, token, ...rest] = header.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== "bearer" || token === undefined || rest.length > 0) {
      throw new UnauthenticatedError("Authorization header must be: Bearer <token>");
    }
    c.set("actor", await tokens.verify(token));
    await next();
  };
}

/** OpenAPI fragment for describeRoute on every route behind `authenticate`. */
export const bearerAuthDoc = { security: [{ bearerAuth: [] }] };
