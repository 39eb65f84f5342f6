export { EVENT_COLUMNS, toDomainEvent } from "./eventRow.js";
export { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, JetStreamSink, subjectOf } from "./JetStreamSink.js";
export { newWebhookSecret } from "./newWebhookSecret.js";
export { PostgresEventFeed, type PostgresEventFeedOptions } from "./PostgresEventFeed.js";
export { PostgresSinkCursors } from "./PostgresSinkCursors.js";
export { PostgresWebhooks, type PostgresWebhooksOptions } from "./PostgresWebhooks.js";
export { WebhookSink, type WebhookSinkOptions } from "./WebhookSink.js";
export { isPrivateAddress, type Lookup, WebhookUrlGuard, type WebhookUrlGuardOptions } from "./WebhookUrlGuard.js";
