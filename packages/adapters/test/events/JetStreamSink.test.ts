// Publishing to the real NATS server: the stream is created when missing, each event lands on
// orders.events.<type> with Nats-Msg-Id = its id, and a republished event is dropped as a duplicate.
import { randomUUID } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import type { DomainEvent } from "@orders/domain";
import { expect, it } from "vitest";
import { EVENTS_STREAM, JetStreamSink } from "../../src/events/index.js";
import { describeWithServer, natsUrl } from "../support/servers.js";

const event = (type: DomainEvent["type"]): DomainEvent =>
  ({
    id: randomUUID(),
    type,
    occurred_at: new Date().toISOString(),
    aggregate: { type: "product", id: 1 },
    sequence: 1,
    data: { product_id: 1, available: 1, low_stock_threshold: 2 },
  }) as DomainEvent;

describeWithServer("nats")("JetStreamSink on the real NATS server", () => {
  it("publishes each event once to orders.events.<type>, keyed by its id", async () => {
    const sink = await JetStreamSink.open(natsUrl() ?? "");
    const nc = await connect({ servers: natsUrl() });
    try {
      const jsm = await jetstreamManager(nc);
      const before = (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
      const sent = [event("stock.low"), event("order.paid"), event("product.created")];
      for (const e of sent) await sink.send(e);
      await sink.send(sent[0] as DomainEvent); // a retry after a lost ack
      const after = (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
      const stored = [];
      for (let seq = before + 1; seq <= after; seq += 1) {
        const message = await jsm.streams.getMessage(EVENTS_STREAM, { seq });
        if (message !== null) stored.push(message);
      }
      const ours = stored.filter((m) => sent.some((e) => e.id === m.header?.get("Nats-Msg-Id")));
      expect(ours.map((m) => [m.subject, m.header?.get("Nats-Msg-Id")])).toEqual(
        sent.map((e) => [`orders.events.${e.type}`, e.id]),
      );
      expect(JSON.parse(new TextDecoder().decode(ours[1]?.data))).toEqual(sent[1]);
    } finally {
      await sink.close();
      await nc.close();
    }
  });
});
