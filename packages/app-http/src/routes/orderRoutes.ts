import { DomainError, InvalidInputError, type OrderService } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../http/AppEnv.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import type { HttpMetrics } from "../http/createHttpMetrics.js";
import { DEFAULT_CURRENCY } from "../http/currency.js";
import { AUTHENTICATED, errorResponses, IDEMPOTENT, JSON_BODY } from "../http/errorResponses.js";
import { errorStatus } from "../http/errorStatus.js";
import { idempotencyKeyParameter } from "../http/idempotencyKey.js";
import { nextPageLink, nextPageLinkHeader } from "../http/nextPageLink.js";
import { orderJson } from "../http/orderJson.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import {
  type CancelledOrderJson,
  CancelledOrderResponse,
  jsonResponse,
  OrderResponse,
  type PaidOrderJson,
  PaidOrderResponse,
  type PlacedOrderJson,
  PlacedOrderResponse,
} from "../http/responses.js";
import { checkoutBody, idParam, idText, orderIdBody, orderStatus, pageQuery } from "../http/schemas.js";
import { validate, validateJson } from "../http/validate.js";

type OrderUseCases = Pick<OrderService, "placeOrder" | "payOrder" | "getOrder" | "listOrders" | "cancelOrder">;

const idempotent = { parameters: [idempotencyKeyParameter] };

/** Which items a checkout body asks for: the replaced Go service's single line, or the items list. */
function itemsOf(body: v.InferOutput<typeof checkoutBody>) {
  if (body.items !== undefined) {
    if (body.product_id !== undefined || body.quantity !== undefined) {
      throw new InvalidInputError("items", "send either items or product_id and quantity, not both");
    }
    return body.items.map((item) => ({ productId: item.product_id, quantity: item.quantity }));
  }
  if (body.product_id === undefined) throw new InvalidInputError("product_id", "is required");
  if (body.quantity === undefined) throw new InvalidInputError("quantity", "is required");
  return [{ productId: body.product_id, quantity: body.quantity }];
}

/** A label of bounded cardinality for the checkout outcome counter. */
const outcomeOf = (error: unknown): string =>
  error instanceof DomainError && Object.hasOwn(errorStatus, error.code) ? error.code : "internal";

/**
 * `auth` is `authenticate`; `idempotency` honours the Idempotency-Key header on checkout, pay and
 * cancel; `checkoutLimit` is the per-user checkout rate limit (checkoutRateLimit), after `auth`;
 * `currency` is the ISO 4217 code every amount is in.
 */
export function orderRoutes(
  service: OrderUseCases,
  auth: MiddlewareHandler<AppEnv>,
  metrics: HttpMetrics,
  idempotency: MiddlewareHandler<AppEnv>,
  checkoutLimit: MiddlewareHandler<AppEnv> = async (_c, next) => next(),
  currency: string = DEFAULT_CURRENCY,
) {
  // Authentication per route, not .use(): a sub-app mounted at "/" would otherwise guard every path.
  return new Hono<AppEnv>()
    .post(
      "/checkout",
      describeRoute({
        tags: ["orders"],
        summary: "Reserve stock for {product_id, quantity} or {items: [...]}, optionally from one warehouse",
        ...bearerAuthDoc,
        ...idempotent,
        responses: {
          201: jsonResponse("the order, pending until paid or expired", PlacedOrderResponse),
          ...errorResponses(
            [
              ...AUTHENTICATED,
              ...JSON_BODY,
              ...IDEMPOTENT,
              "product_not_found",
              "warehouse_not_found",
              "insufficient_stock",
              "warehouse_inactive",
              "product_archived",
              "rate_limited",
            ],
            {
              409: "insufficient_stock names the product and the units available",
              429: "rate_limited: more than CHECKOUT_RATE_LIMIT checkouts by this user in 10 s; see Retry-After",
            },
          ),
        },
      }),
      auth,
      checkoutLimit,
      parseJsonBody,
      idempotency,
      validateJson(checkoutBody, {
        single: {
          summary: "one line (the shape of the Go service this one replaces)",
          value: { product_id: 1, quantity: 2 },
        },
        items: {
          summary: "several lines, from one warehouse",
          value: {
            items: [
              { product_id: 1, quantity: 1 },
              { product_id: 2, quantity: 3 },
            ],
            warehouse_id: 1,
          },
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        try {
          const order = await service.placeOrder.execute({
            actor: c.get("actor"),
            items: itemsOf(body),
            ...(body.warehouse_id === undefined ? {} : { warehouseId: body.warehouse_id }),
          });
          metrics.checkoutOutcomes.inc({ outcome: "created" });
          const { order_id, status, expires_at, total_cents, items } = orderJson(order, currency);
          const json: PlacedOrderJson = { order_id, status, expires_at, total_cents, currency, items };
          return c.json(json, 201);
        } catch (error) {
          metrics.checkoutOutcomes.inc({ outcome: outcomeOf(error) });
          throw error;
        }
      },
    )
    .post(
      "/pay",
      describeRoute({
        tags: ["orders"],
        summary: "Pay a pending order before its reservation expires",
        ...bearerAuthDoc,
        ...idempotent,
        responses: {
          200: jsonResponse("the order, paid", PaidOrderResponse),
          ...errorResponses(
            [
              ...AUTHENTICATED,
              ...JSON_BODY,
              ...IDEMPOTENT,
              "order_not_found",
              "order_not_payable",
              "reservation_expired",
            ],
            { 404: "no such order, or another customer's" },
          ),
        },
      }),
      auth,
      parseJsonBody,
      idempotency,
      validateJson(orderIdBody, { pay: { summary: "pay order 1", value: { order_id: 1 } } }),
      async (c) => {
        const order = await service.payOrder.execute({ actor: c.get("actor"), orderId: c.req.valid("json").order_id });
        const json: PaidOrderJson = {
          order_id: order.id,
          status: order.status,
          total_cents: order.totalCents,
          currency,
        };
        return c.json(json);
      },
    )
    .get(
      "/orders",
      describeRoute({
        tags: ["orders"],
        summary: "Your orders by id, keyset-paged; an admin sees everyone's and may filter by user_id",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("one page of orders, by id", v.array(OrderResponse), nextPageLinkHeader),
          ...errorResponses([...AUTHENTICATED]),
        },
      }),
      auth,
      validate(
        "query",
        v.object({
          ...pageQuery,
          status: v.optional(orderStatus),
          user_id: v.optional(v.pipe(idText, v.description("admin only: one customer's orders (ignored for others)"))),
        }),
      ),
      async (c) => {
        const query = c.req.valid("query");
        const orders = await service.listOrders.execute({
          actor: c.get("actor"),
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.user_id === undefined ? {} : { userId: query.user_id }),
          ...(query.limit === undefined ? {} : { limit: query.limit }),
          ...(query.after_id === undefined ? {} : { afterId: query.after_id }),
        });
        nextPageLink(c, orders, query.limit);
        return c.json(orders.map((order) => orderJson(order, currency)));
      },
    )
    .get(
      "/orders/:id",
      describeRoute({
        tags: ["orders"],
        summary: "One of your orders (admin: any order)",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("the order", OrderResponse),
          ...errorResponses([...AUTHENTICATED, "order_not_found"], { 404: "no such order, or another customer's" }),
        },
      }),
      auth,
      validate("param", idParam),
      async (c) => {
        const order = await service.getOrder.execute({ actor: c.get("actor"), orderId: c.req.valid("param").id });
        return c.json(orderJson(order, currency));
      },
    )
    .post(
      "/orders/:id/cancel",
      describeRoute({
        tags: ["orders"],
        summary: "Cancel a pending order and give its reserved stock back",
        ...bearerAuthDoc,
        ...idempotent,
        responses: {
          200: jsonResponse("the order, cancelled", CancelledOrderResponse),
          ...errorResponses(
            [...AUTHENTICATED, ...IDEMPOTENT, "payload_too_large", "order_not_found", "order_not_cancellable"],
            {
              404: "no such order, or another customer's",
            },
          ),
        },
      }),
      auth,
      idempotency,
      validate("param", idParam),
      async (c) => {
        const order = await service.cancelOrder.execute({ actor: c.get("actor"), orderId: c.req.valid("param").id });
        const json: CancelledOrderJson = { order_id: order.id, status: order.status };
        return c.json(json);
      },
    );
}
