import type { OrderService, ProductAvailability } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../http/AppEnv.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { AUTHENTICATED, errorResponses } from "../http/errorResponses.js";
import { nextPageLink, nextPageLinkHeader } from "../http/nextPageLink.js";
import { jsonResponse, type ProductJson, ProductResponse } from "../http/responses.js";
import { pageQuery } from "../http/schemas.js";
import { validate } from "../http/validate.js";

const productJson = (p: ProductAvailability): ProductJson => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  price_cents: p.priceCents,
  available: p.available,
});

/** `auth` is `authenticate`, built once in createApp. */
export function productRoutes(service: Pick<OrderService, "listProducts">, auth: MiddlewareHandler<AppEnv>) {
  return new Hono<AppEnv>().get(
    "/products",
    describeRoute({
      tags: ["products"],
      summary: "Products with the units available in active warehouses, by id, keyset-paged",
      ...bearerAuthDoc,
      responses: {
        200: jsonResponse("one page of products, by id", v.array(ProductResponse), nextPageLinkHeader),
        ...errorResponses([...AUTHENTICATED]),
      },
    }),
    auth,
    validate("query", v.object(pageQuery)),
    async (c) => {
      const query = c.req.valid("query");
      const products = await service.listProducts.execute({
        ...(query.limit === undefined ? {} : { limit: query.limit }),
        ...(query.after_id === undefined ? {} : { afterId: query.after_id }),
      });
      nextPageLink(c, products, query.limit);
      return c.json(products.map(productJson));
    },
  );
}
