// Publishes events to NATS JetStream: subject orders.events.<type> on a stream created if missing,
// Nats-Msg-Id = the event id, so the server drops a republished duplicate within its window.

import { type JetStreamClient, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type DomainEvent, type EventSink, SinkError, type SinkReceipt } from "@orders/domain";

export const EVENTS_STREAM = "ORDERS_EVENTS";
export const EVENTS_SUBJECT_PREFIX = "orders.events";

export const subjectOf = (event: Pick<DomainEvent, "type">): string => `${EVENTS_SUBJECT_PREFIX}.${event.type}`;

export class JetStreamSink implements EventSink {
  private constructor(
    private readonly connection: NatsConnection,
    private readonly js: JetStreamClient,
  ) {}

  /** Connects to `url` and makes sure the stream exists (created with `orders.events.>` when missing). */
  static async open(url: string, stream = EVENTS_STREAM): Promise<JetStreamSink> {
    const connection = await connect({ servers: url, name: "order-service-events" });
    try {
      const manager = await jetstreamManager(connection);
      try {
        await manager.streams.info(stream);
      } catch {
        await manager.streams.add({ name: stream, subjects: [`${EVENTS_SUBJECT_PREFIX}.>`] });
      }
      return new JetStreamSink(connection, jetstream(connection));
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async send(event: DomainEvent): Promise<SinkReceipt> {
    try {
      await this.js.publish(subjectOf(event), JSON.stringify(event), { msgID: event.id });
      return { statusCode: null };
    } catch (error) {
      throw new SinkError(`JetStream publish failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async close(): Promise<void> {
    await this.connection.drain().catch(() => this.connection.close());
  }
}
