import { InvalidInputError, type TokenIssuer, UnauthenticatedError, type Users } from "@orders/domain";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./AppEnv.js";
import { CONTROL_CHARACTER_REASON, hasControlCharacter } from "./validate.js";

/**
 * Requires `Authorization: Bearer <jwt>` and puts the actor on the context. The signature says
 * which user the token was issued to; the stored user says who is asking now: a token whose user
 * no longer exists or is disabled is a 401, and the role comes from the user's row, so a changed
 * role or status applies at once. That is one primary-key lookup per authenticated request.
 */
export function authenticate(tokens: TokenIssuer, users: Pick<Users, "findById">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization");
    if (header === undefined || header.trim() === "") throw new UnauthenticatedError("missing bearer token");
    if (hasControlCharacter(header)) throw new InvalidInputError("Authorization", CONTROL_CHARACTER_REASON);
    const [scheme, token, ...rest] = header.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== "bearer" || token === undefined || rest.length > 0) {
      throw new UnauthenticatedError("Authorization header must be: Bearer <token>");
    }
    const { userId } = await tokens.verify(token);
    const user = await users.findById(userId);
    if (user === null) throw new UnauthenticatedError("the token's user no longer exists");
    if (user.status !== "active") throw new UnauthenticatedError("the token's user is disabled");
    c.set("actor", { userId: user.id, role: user.role });
    await next();
  };
}

/** OpenAPI fragment for describeRoute on every route behind `authenticate`. */
export const bearerAuthDoc = { security: [{ bearerAuth: [] }] };
