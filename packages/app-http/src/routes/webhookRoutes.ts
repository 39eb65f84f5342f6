// /webhooks: admins subscribe endpoints to events, manage them, and read and retry deliveries.
import type { ManageWebhooks, Webhook, WebhookDelivery } from "@orders/domain";
import { DEFAULT_PAGE_LIMIT } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../http/AppEnv.js";
import { adminOnly } from "../http/adminOnly.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { ADMIN_ONLY, errorResponses, IDEMPOTENT, JSON_BODY } from "../http/errorResponses.js";
import {
  type CreatedWebhookJson,
  CreatedWebhookResponse,
  createWebhookBody,
  type DeliveryJson,
  DeliveryResponse,
  deliveryParam,
  deliveryQuery,
  updateWebhookBody,
  type WebhookJson,
  WebhookResponse,
} from "../http/eventSchemas.js";
import { idempotencyKeyParameter } from "../http/idempotencyKey.js";
import { nextPageLink, nextPageLinkHeader } from "../http/nextPageLink.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import { jsonResponse } from "../http/responses.js";
import { idParam, pageQuery } from "../http/schemas.js";
import { validate, validateJson } from "../http/validate.js";

const webhookJson = (w: Webhook): WebhookJson => ({
  id: w.id,
  url: w.url,
  event_types: [...w.eventTypes],
  description: w.description,
  status: w.status,
  created_at: w.createdAt.toISOString(),
});

const deliveryJson = (d: WebhookDelivery): DeliveryJson => ({
  id: d.id,
  webhook_id: d.webhookId,
  event_id: d.eventId,
  event_type: d.eventType,
  status: d.status,
  attempts: d.attempts,
  last_status_code: d.lastStatusCode,
  last_error: d.lastError,
  next_attempt_at: d.nextAttemptAt === null ? null : d.nextAttemptAt.toISOString(),
  created_at: d.createdAt.toISOString(),
});

const MANAGE = "manage webhooks";
const idempotent = { parameters: [idempotencyKeyParameter] };
const EXAMPLE_URL = "https://shop.example.com/hooks/orders";

/** `auth` is `authenticate`; `idempotency` honours the Idempotency-Key header on every write. */
export function webhookRoutes(
  webhooks: ManageWebhooks,
  auth: MiddlewareHandler<AppEnv>,
  idempotency: MiddlewareHandler<AppEnv>,
) {
  return new Hono<AppEnv>()
    .post(
      "/webhooks",
      describeRoute({
        tags: ["webhooks"],
        summary: "Admin: subscribe an endpoint to event types; answers the signing secret once",
        ...bearerAuthDoc,
        ...idempotent,
        responses: {
          201: jsonResponse("the subscription, enabled, with its secret", CreatedWebhookResponse),
          ...errorResponses([...ADMIN_ONLY, ...JSON_BODY, ...IDEMPOTENT, "webhook_url_refused"], {
            403: "not an admin",
          }),
        },
      }),
      auth,
      adminOnly(MANAGE),
      parseJsonBody,
      idempotency,
      validateJson(createWebhookBody, {
        orders: {
          summary: "every order event",
          value: {
            url: EXAMPLE_URL,
            event_types: ["order.created", "order.paid", "order.cancelled", "order.expired"],
            description: "fulfilment",
          },
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const { webhook, secret } = await webhooks.create(c.get("actor"), {
          url: body.url,
          eventTypes: body.event_types,
          description: body.description ?? null,
        });
        const json: CreatedWebhookJson = { ...webhookJson(webhook), secret };
        return c.json(json, 201);
      },
    )
    .get(
      "/webhooks",
      describeRoute({
        tags: ["webhooks"],
        summary: "Admin: every webhook subscription",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("every subscription, oldest first", v.array(WebhookResponse)),
          ...errorResponses([...ADMIN_ONLY], { 403: "not an admin" }),
        },
      }),
      auth,
      adminOnly(MANAGE),
      async (c) => c.json((await webhooks.list(c.get("actor"))).map(webhookJson)),
    )
    .get(
      "/webhooks/:id",
      describeRoute({
        tags: ["webhooks"],
        summary: "Admin: one webhook subscription",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("the subscription", WebhookResponse),
          ...errorResponses([...ADMIN_ONLY, "webhook_not_found"], { 403: "not an admin" }),
        },
      }),
      auth,
      adminOnly(MANAGE),
      validate("param", idParam),
      async (c) => c.json(webhookJson(await webhooks.get(c.get("actor"), c.req.valid("param").id))),
    )
    .patch(
      "/webhooks/:id",
      describeRoute({
        tags: ["webhooks"],
        summary: "Admin: change a subscription's url, event types or status",
        ...bearerAuthDoc,
        ...idempotent,
        responses: {
          200: jsonResponse("the subscription as changed", WebhookResponse),
          ...errorResponses([...ADMIN_ONLY, ...JSON_BODY, ...IDEMPOTENT, "webhook_url_refused", "webhook_not_found"], {
            403: "not an admin",
          }),
        },
      }),
      auth,
      adminOnly(MANAGE),
      validate("param", idParam),
      parseJsonBody,
      idempotency,
      validateJson(updateWebhookBody, {
        disable: { summary: "stop deliveries (new events are not queued for it)", value: { status: "disabled" } },
        types: { summary: "change the event types", value: { event_types: ["order.paid"] } },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const updated = await webhooks.update(c.get("actor"), c.req.valid("param").id, {
          url: body.url,
          eventTypes: body.event_types,
          status: body.status,
        });
        return c.json(webhookJson(updated));
      },
    )
    .delete(
      "/webhooks/:id",
      describeRoute({
        tags: ["webhooks"],
        summary: "Admin: remove a subscription and its deliveries",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("the removed subscription", WebhookResponse),
          ...errorResponses([...ADMIN_ONLY, "webhook_not_found"], { 403: "not an admin" }),
        },
      }),
      auth,
      adminOnly(MANAGE),
      validate("param", idParam),
      async (c) => {
        return c.json(webhookJson(await webhooks.remove(c.get("actor"), c.req.valid("param").id)));
      },
    )
    .get(
      "/webhooks/:id/deliveries",
      describeRoute({
        tags: ["webhooks"],
        summary: "Admin: a subscription's deliveries, oldest first, by status",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("one page of deliveries", v.array(DeliveryResponse), nextPageLinkHeader),
          ...errorResponses([...ADMIN_ONLY, "webhook_not_found"], { 403: "not an admin" }),
        },
      }),
      auth,
      adminOnly(MANAGE),
      validate("param", idParam),
      validate("query", v.object({ ...deliveryQuery.entries, ...pageQuery })),
      async (c) => {
        const query = c.req.valid("query");
        const rows = await webhooks.deliveries(c.get("actor"), {
          webhookId: c.req.valid("param").id,
          status: query.status,
          afterId: query.after_id,
          limit: query.limit ?? DEFAULT_PAGE_LIMIT,
        });
        nextPageLink(c, rows, query.limit);
        return c.json(rows.map(deliveryJson));
      },
    )
    .post(
      "/webhooks/:id/deliveries/:delivery_id/retry",
      describeRoute({
        tags: ["webhooks"],
        summary: "Admin: send a delivery again now (failed, delivered or pending), with a fresh retry window",
        ...bearerAuthDoc,
        ...idempotent,
        responses: {
          202: jsonResponse("the delivery, pending and due now", DeliveryResponse),
          ...errorResponses([...ADMIN_ONLY, ...IDEMPOTENT, "webhook_not_found", "delivery_not_found"], {
            403: "not an admin",
          }),
        },
      }),
      auth,
      adminOnly(MANAGE),
      validate("param", deliveryParam),
      idempotency,
      async (c) => {
        const { id, delivery_id } = c.req.valid("param");
        return c.json(deliveryJson(await webhooks.retry(c.get("actor"), id, delivery_id)), 202);
      },
    );
}
