import type { OrderService } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../http/AppEnv.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { pageQuery } from "../http/schemas.js";
import { validate } from "../http/validate.js";

/** `auth` is `authenticate`, built once in createApp. */
export function productRoutes(service: Pick<OrderService, "listProducts">, auth: MiddlewareHandler<AppEnv>) {
  return new Hono<AppEnv>().get(
    "/products",
    describeRoute({
      tags: ["products"],
      summary: "Products with the units available in active warehouses, by id, keyset-paged",
      ...bearerAuthDoc,
      responses: { 200: { description: "[{id, sku, name, price_cents, available}]" } },
    }),
    auth,
    validate("query", v.object(pageQuery)),
    async (c) => {
      const query = c.req.valid("query");
      const products = await service.listProducts.execute({
        ...(query.limit === undefined ? {} : { limit: query.limit }),
        ...(query.after_id === undefined ? {} : { afterId: query.after_id }),
      });
      return c.json(
        products.map((p) => ({
          id: p.id,
          sku: p.sku,
          name: p.name,
          price_cents: p.priceCents,
          available: p.available,
        })),
      );
    },
  );
}
