import { DEFAULT_PAGE_LIMIT } from "@orders/domain";
import type { Context } from "hono";

/**
 * On a keyset-paged list, tells the client where the next page is (RFC 8288):
 * `Link: </products?limit=100&after_id=123>; rel="next"`, the request's own path and query with
 * `limit` set to the page size and `after_id` to the last row's id. Only a full page gets one
 * (a shorter page is the last), so the page it points to may be empty. The reference is relative
 * to the request's URL: this service does not know the scheme and host its clients used.
 */
export function nextPageLink(c: Context, rows: readonly { readonly id: number }[], limit: number | undefined): void {
  const pageSize = limit ?? DEFAULT_PAGE_LIMIT;
  const last = rows.at(-1);
  if (last === undefined || rows.length < pageSize) return;
  const url = new URL(c.req.url);
  url.searchParams.set("limit", String(pageSize));
  url.searchParams.set("after_id", String(last.id));
  c.header("Link", `<${url.pathname}${url.search}>; rel="next"`);
}

/** The header as an OpenAPI response header, for the 200 of every paged list. */
export const nextPageLinkHeader = {
  Link: {
    description:
      'RFC 8288 `<...>; rel="next"`: the next page (this path and query with `limit` and `after_id` set, ' +
      "relative to the request's URL). Sent when the page is full, so the next one may be empty; a shorter " +
      "page is the last and has none.",
    schema: { type: "string" },
    example: '</products?limit=100&after_id=123>; rel="next"',
  },
} as const;
