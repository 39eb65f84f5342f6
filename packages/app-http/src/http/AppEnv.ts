import type { Actor } from "@orders/domain";
import type { RequestIdVariables } from "hono/request-id";
import type { RateLimitInfo } from "hono-rate-limiter";

/** What middlewares put on the context for the handlers after them. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    /** Set by `authenticate` on every route that needs a token. */
    actor: Actor;
    /** Set by the checkout rate limit (hono-rate-limiter) before it answers or lets the request on. */
    rateLimit?: RateLimitInfo;
  };
}
