// The requests and answers of /events and /webhooks, documented in /openapi.json like the rest.
import {
  DELIVERY_STATUSES,
  EVENT_TYPES,
  MAX_WEBHOOK_DESCRIPTION_LENGTH,
  MAX_WEBHOOK_URL_LENGTH,
  WEBHOOK_STATUSES,
} from "@orders/domain";
import * as v from "valibot";

const id = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const timestamp = v.pipe(v.string(), v.isoTimestamp());
const named = <Schema extends v.GenericSchema>(ref: string, schema: Schema, description: string) =>
  v.pipe(schema, v.metadata({ ref }), v.description(description));

/** Longest wait a long poll may ask for. */
export const MAX_FEED_WAIT_SECONDS = 30;
export const MAX_FEED_LIMIT = 1000;
export const DEFAULT_FEED_LIMIT = 100;

const eventType = v.picklist(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(", ")}`);

export const EventResponse = named(
  "Event",
  v.strictObject({
    id: v.pipe(v.string(), v.uuid(), v.description("unique everywhere, stable forever: dedupe by it")),
    type: v.picklist(EVENT_TYPES),
    occurred_at: timestamp,
    aggregate: v.strictObject({ type: v.picklist(["order", "product", "warehouse", "stock_receipt"]), id }),
    sequence: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.description("increases by one per aggregate")),
    data: v.pipe(v.record(v.string(), v.unknown()), v.description("what happened; the fields depend on the type")),
  }),
  "one committed change; the same body is POSTed to webhooks and published to NATS",
);

export const EventPageResponse = named(
  "EventPage",
  v.strictObject({
    events: v.array(EventResponse),
    next_cursor: v.pipe(v.string(), v.description("pass as `after` to read on; store it to resume")),
  }),
  "events after the cursor, in commit order",
);

const webhookFields = {
  id,
  url: v.string(),
  event_types: v.array(v.picklist(EVENT_TYPES)),
  description: v.nullable(v.string()),
  status: v.picklist(WEBHOOK_STATUSES),
  created_at: timestamp,
};

export const WebhookResponse = named("Webhook", v.strictObject(webhookFields), "a webhook subscription");

export const CreatedWebhookResponse = named(
  "CreatedWebhook",
  v.strictObject({
    ...webhookFields,
    secret: v.pipe(v.string(), v.description("`whsec_<base64>`: shown only here; verifies every delivery's signature")),
  }),
  "the new subscription and its signing secret",
);

export const DeliveryResponse = named(
  "WebhookDelivery",
  v.strictObject({
    id,
    webhook_id: id,
    event_id: v.pipe(v.string(), v.uuid()),
    event_type: v.picklist(EVENT_TYPES),
    status: v.picklist(DELIVERY_STATUSES),
    attempts: count,
    last_status_code: v.nullable(v.pipe(v.number(), v.safeInteger())),
    last_error: v.nullable(v.string()),
    next_attempt_at: v.pipe(v.nullable(timestamp), v.description("when the next try is due; null unless pending")),
    created_at: timestamp,
  }),
  "one event's delivery to one endpoint",
);

export type EventPageJson = v.InferOutput<typeof EventPageResponse>;
export type WebhookJson = v.InferOutput<typeof WebhookResponse>;
export type CreatedWebhookJson = v.InferOutput<typeof CreatedWebhookResponse>;
export type DeliveryJson = v.InferOutput<typeof DeliveryResponse>;

const urlField = v.pipe(
  v.string("must be a string"),
  v.nonEmpty("is required"),
  v.maxLength(MAX_WEBHOOK_URL_LENGTH, `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`),
);
const eventTypesField = v.pipe(
  v.array(eventType, "must be an array of event types"),
  v.minLength(1, "must list at least one event type"),
  v.maxLength(EVENT_TYPES.length * 2, "lists too many event types"),
);

export const createWebhookBody = v.strictObject({
  url: urlField,
  event_types: eventTypesField,
  description: v.optional(
    v.nullable(
      v.pipe(
        v.string("must be a string"),
        v.maxLength(MAX_WEBHOOK_DESCRIPTION_LENGTH, `must be at most ${MAX_WEBHOOK_DESCRIPTION_LENGTH} characters`),
      ),
    ),
  ),
});

export const updateWebhookBody = v.strictObject({
  url: v.optional(urlField),
  event_types: v.optional(eventTypesField),
  status: v.optional(v.picklist(WEBHOOK_STATUSES, `must be ${WEBHOOK_STATUSES.join(" or ")}`)),
});

const digits = (max: number, message: string) =>
  v.pipe(v.string(), v.regex(new RegExp(`^[0-9]{1,${max}}$`), message), v.transform(Number), v.number());

export const feedQuery = v.object({
  after: v.optional(
    v.pipe(
      digits(15, "must be a cursor from next_cursor (digits)"),
      v.safeInteger(),
      v.description("a next_cursor from an earlier page; from the oldest kept event when absent"),
    ),
  ),
  types: v.optional(
    v.pipe(
      v.string(),
      v.transform((text) => text.split(",").filter((t) => t !== "")),
      v.array(eventType),
      v.description("comma-separated event types; every type when absent"),
    ),
  ),
  limit: v.optional(
    v.pipe(
      digits(4, `must be 1..${MAX_FEED_LIMIT}`),
      v.integer(),
      v.minValue(1, `must be 1..${MAX_FEED_LIMIT}`),
      v.maxValue(MAX_FEED_LIMIT, `must be 1..${MAX_FEED_LIMIT}`),
      v.description(`events per page, ${DEFAULT_FEED_LIMIT} when absent`),
    ),
  ),
  wait: v.optional(
    v.pipe(
      digits(2, `must be 0..${MAX_FEED_WAIT_SECONDS}`),
      v.integer(),
      v.maxValue(MAX_FEED_WAIT_SECONDS, `must be 0..${MAX_FEED_WAIT_SECONDS}`),
      v.description(`seconds to wait for a new event when there is none (long poll), at most ${MAX_FEED_WAIT_SECONDS}`),
    ),
  ),
});

export const deliveryQuery = v.object({
  status: v.optional(v.picklist(DELIVERY_STATUSES, `must be ${DELIVERY_STATUSES.join(", ")}`)),
});

export const deliveryParam = v.object({
  id: v.pipe(
    v.string(),
    v.regex(/^[1-9][0-9]{0,14}$/, "must be a positive integer id"),
    v.transform(Number),
    v.number(),
  ),
  delivery_id: v.pipe(
    v.string(),
    v.regex(/^[1-9][0-9]{0,14}$/, "must be a positive integer id"),
    v.transform(Number),
    v.number(),
  ),
});
