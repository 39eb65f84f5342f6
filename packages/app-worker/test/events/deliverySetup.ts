// A schema of its own with the seed, a webhook subscribed to product events, and workers to deliver.
import {
  connectPostgres,
  migrate,
  newWebhookSecret,
  PostgresEventFeed,
  PostgresWebhooks,
  type SqlRunner,
  SystemClock,
  WebhookSink,
} from "@orders/adapters";
import type { DeliveryRetryPolicy } from "@orders/domain";
import { createTestSchema, type TestSchema } from "../../../adapters/test/support/postgresSchema.js";
import { postgresUrl } from "../../../adapters/test/support/servers.js";
import { EventWorker, type EventWorkerOptions } from "../../src/EventWorker.js";

export const FAST_RETRY: DeliveryRetryPolicy = {
  timeoutMs: 2_000,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  giveUpAfterMs: 60 * 60 * 1000,
};

export interface DeliverySetup {
  readonly db: SqlRunner;
  readonly url: string;
  readonly schema: TestSchema;
  subscribe(url: string, types?: string[]): Promise<{ id: number; secret: string }>;
  /** `products` new products, each then renamed `updates` times: one aggregate per product, in sequence. */
  emit(products: number, updates: number): Promise<void>;
  worker(options?: Partial<EventWorkerOptions>): EventWorker;
  close(): Promise<void>;
}

export async function deliverySetup(prefix: string): Promise<DeliverySetup> {
  const schema = await createTestSchema(postgresUrl() ?? "", prefix);
  const db = connectPostgres({ connectionString: schema.url, max: 16 });
  await migrate(db, { seed: true });
  const clock = new SystemClock();
  let made = 0;
  return {
    db,
    url: schema.url,
    schema,
    async subscribe(url, types = ["product.created", "product.updated"]) {
      const secret = newWebhookSecret();
      const webhook = await new PostgresWebhooks(db).create({
        url,
        eventTypes: types as never,
        description: null,
        secret,
      });
      return { id: webhook.id, secret };
    },
    async emit(products, updates) {
      await Promise.all(
        Array.from({ length: products }, async () => {
          made += 1;
          const [row] = await db.query<{ id: unknown }>(
            "INSERT INTO products (sku, name, price_cents) VALUES ($1, 'P', 1) RETURNING id",
            [`${prefix}-${made}`],
          );
          for (let i = 0; i < updates; i += 1) {
            await db.query("UPDATE products SET name = name || '+' WHERE id = $1", [row?.id]);
          }
        }),
      );
    },
    worker(options = {}) {
      const giveUpAfterMs = (options.retry ?? FAST_RETRY).giveUpAfterMs;
      return new EventWorker({
        feed: new PostgresEventFeed(db, { clock, giveUpAfterMs }),
        deliveries: new PostgresWebhooks(db, { giveUpAfterMs }),
        webhookSink: (d) => new WebhookSink({ url: d.url, secret: d.secret, timeoutMs: FAST_RETRY.timeoutMs, clock }),
        clock,
        retry: FAST_RETRY,
        pollIntervalMs: 50,
        ...options,
      });
    },
    async close() {
      await db.close();
      await schema.drop();
    },
  };
}

/** Per aggregate, the sequences in the order they arrived (first arrival of each event). */
export function arrivalOrder(events: Iterable<{ aggregate: { type: string; id: number }; sequence: number }>) {
  const byAggregate = new Map<string, number[]>();
  for (const e of events) {
    const key = `${e.aggregate.type}:${e.aggregate.id}`;
    byAggregate.set(key, [...(byAggregate.get(key) ?? []), e.sequence]);
  }
  return byAggregate;
}
