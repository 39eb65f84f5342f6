import { ForbiddenError, isAdmin } from "@orders/domain";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./AppEnv.js";

/**
 * Answers 403 to anyone but an admin, after `authenticate` and before anything reads the params,
 * the query or the body: a customer learns nothing about an admin route's input from its 400s.
 * The use case checks again (requireAdmin); both ask the domain's isAdmin.
 */
export function adminOnly(action: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isAdmin(c.get("actor"))) throw new ForbiddenError(action);
    await next();
  };
}
