// The embedded process's delivery: the same EventWorker on PGlite (one connection, no transaction
// held across a send) delivers signed webhooks and publishes through a cursor sink in feed order.
import {
  migrate,
  newWebhookSecret,
  openEmbeddedDatabase,
  PostgresEventFeed,
  PostgresSinkCursors,
  PostgresWebhooks,
  type SqlRunner,
  SystemClock,
  WebhookSink,
} from "@orders/adapters";
import type { DomainEvent, EventSink } from "@orders/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventWorker } from "../../src/EventWorker.js";
import { waitFor } from "../support/waitFor.js";
import { FAST_RETRY } from "./deliverySetup.js";
import { WebhookReceiver } from "./webhookReceiver.js";

describe("event delivery on PGlite", () => {
  let db: SqlRunner;
  const receiver = new WebhookReceiver(({ attempt }) => ({ status: attempt === 1 ? 500 : 200 }));
  beforeAll(async () => {
    db = await openEmbeddedDatabase();
    await migrate(db, { seed: true });
    await receiver.start();
  }, 60_000);
  afterAll(async () => {
    await receiver.stop();
    await db?.close();
  });

  it("delivers every event to the webhook and to a cursor sink, once each, in order", async () => {
    const clock = new SystemClock();
    await new PostgresWebhooks(db).create({
      url: receiver.url,
      eventTypes: ["warehouse.status_changed"],
      description: null,
      secret: newWebhookSecret(),
    });
    const published: DomainEvent[] = [];
    const sink: EventSink = {
      send: async (event) => {
        published.push(event);
        return { statusCode: null };
      },
    };
    const worker = new EventWorker({
      feed: new PostgresEventFeed(db, { clock, giveUpAfterMs: FAST_RETRY.giveUpAfterMs }),
      deliveries: new PostgresWebhooks(db),
      webhookSink: (d) => new WebhookSink({ url: d.url, secret: d.secret, timeoutMs: FAST_RETRY.timeoutMs, clock }),
      cursorSinks: [{ name: "test", sink }],
      cursors: new PostgresSinkCursors(db, clock),
      clock,
      retry: FAST_RETRY,
      pollIntervalMs: 50,
    });
    worker.start();
    try {
      for (const status of ["inactive", "active", "inactive", "active"]) {
        await db.query("UPDATE warehouses SET status = $1 WHERE id = 1", [status]);
      }
      await waitFor("the webhook", async () => receiver.distinct().size === 4);
      await waitFor("the sink", async () => published.length === 4);
    } finally {
      await worker.stop();
    }
    expect([...receiver.distinct().values()].map((r) => r.event.sequence)).toEqual([1, 2, 3, 4]);
    expect(published.map((e) => [e.type, e.sequence])).toEqual([
      ["warehouse.status_changed", 1],
      ["warehouse.status_changed", 2],
      ["warehouse.status_changed", 3],
      ["warehouse.status_changed", 4],
    ]);
    const [cursor] = await db.query<{ position: unknown }>(
      "SELECT position FROM event_sink_cursors WHERE name = 'test'",
      [],
    );
    expect(Number(cursor?.position)).toBeGreaterThanOrEqual(4);
  }, 30_000);
});
