import type { Actor } from "@orders/domain";
import type { RequestIdVariables } from "hono/request-id";

/** What middlewares put on the context for the handlers after them. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    /** Set by `authenticate` on every route that needs a token. */
    actor: Actor;
  };
}
