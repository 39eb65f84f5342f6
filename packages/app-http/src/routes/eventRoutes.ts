// GET /events: the feed of committed events in commit order, with a cursor and an optional long poll.
import type { EventFeed, EventType } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { adminOnly } from "../http/adminOnly.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { ADMIN_ONLY, errorResponses } from "../http/errorResponses.js";
import {
  DEFAULT_FEED_LIMIT,
  type EventPageJson,
  EventPageResponse,
  feedQuery,
  MAX_FEED_WAIT_SECONDS,
} from "../http/eventSchemas.js";
import { jsonResponse } from "../http/responses.js";
import { validate } from "../http/validate.js";

/** How often a long poll looks again. */
const POLL_MS = 250;

export function eventRoutes(feed: EventFeed, auth: MiddlewareHandler<AppEnv>) {
  return new Hono<AppEnv>().get(
    "/events",
    describeRoute({
      tags: ["events"],
      summary: "Admin: committed events after a cursor, in commit order (long poll with wait)",
      description:
        "Store `next_cursor` and pass it back as `after`: every event is seen exactly once, in commit order. " +
        `With \`wait\` (at most ${MAX_FEED_WAIT_SECONDS} s), an empty answer waits that long for a new event.`,
      ...bearerAuthDoc,
      responses: {
        200: jsonResponse("the events after the cursor and where to read on", EventPageResponse),
        ...errorResponses([...ADMIN_ONLY], { 403: "not an admin" }),
      },
    }),
    auth,
    adminOnly("read the event feed"),
    validate("query", feedQuery),
    async (c) => {
      const query = c.req.valid("query");
      const request = {
        after: query.after ?? 0,
        types: (query.types ?? []) as EventType[],
        limit: query.limit ?? DEFAULT_FEED_LIMIT,
      };
      const deadline = Date.now() + (query.wait ?? 0) * 1000;
      const signal = c.req.raw.signal;
      for (;;) {
        // The feed positions what committed since the last look, so it is fresh with or without a worker.
        await feed.sequence();
        const page = await feed.read(request);
        if (page.events.length > 0 || Date.now() + POLL_MS > deadline || signal.aborted) {
          const json: EventPageJson = {
            events: page.events.map((event) => ({ ...event, data: { ...event.data } })),
            next_cursor: String(page.nextCursor),
          };
          return c.json(json);
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
  );
}
