// `make bench-events`, part 2: webhook delivery throughput, events per second from one EventWorker
// (real PostgreSQL) to a receiver on loopback answering 204 at once, signing every request.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  connectPostgres,
  migrate,
  newWebhookSecret,
  PostgresEventFeed,
  PostgresWebhooks,
  SystemClock,
  WebhookSink,
} from "@orders/adapters";
import { EventWorker } from "@orders/app-worker";
import { createScratchDatabase } from "./lib/scratchDatabase.js";
import { ADMIN_URL, fmt, log } from "./lib/settings.js";

export async function measureDelivery(events = 5_000): Promise<string> {
  const scratch = await createScratchDatabase(ADMIN_URL, "bench_events");
  const db = connectPostgres({ connectionString: scratch.url, max: 20 });
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const lines: string[] = [];
  try {
    await migrate(db);
    const clock = new SystemClock();
    for (const [endpoints, perEndpoint] of [
      [1, 16],
      [4, 16],
    ] as const) {
      await db.query("DELETE FROM webhooks", []);
      for (let i = 0; i < endpoints; i += 1) {
        await new PostgresWebhooks(db).create({
          url,
          eventTypes: ["product.created"],
          description: null,
          secret: newWebhookSecret(),
        });
      }
      await db.query("DELETE FROM products WHERE sku LIKE 'EV-%'", []);
      await db.query(
        "INSERT INTO products (sku, name, price_cents) SELECT 'EV-' || g, 'Event', 1 FROM generate_series(1, $1::int) g",
        [events / endpoints],
      );
      const feed = new PostgresEventFeed(db, { clock });
      while ((await feed.sequence()) > 0) {}
      received = 0;
      const worker = new EventWorker({
        feed,
        deliveries: new PostgresWebhooks(db),
        webhookSink: (d) => new WebhookSink({ url: d.url, secret: d.secret, timeoutMs: 10_000, clock }),
        clock,
        pollIntervalMs: 20,
        maxInFlight: 64,
        perEndpointConcurrency: perEndpoint,
      });
      const started = performance.now();
      worker.start();
      while (worker.counts.delivered < events) await new Promise((resolve) => setTimeout(resolve, 20));
      const seconds = (performance.now() - started) / 1000;
      await worker.stop();
      const line = `webhook delivery: ${events} events to ${endpoints} endpoint(s), ${perEndpoint} in flight each: ${fmt(events / seconds)} events/s (${fmt(seconds, 1)} s; receiver saw ${received})`;
      log(line);
      lines.push(line);
    }
    return lines.join("\n");
  } finally {
    server.close();
    await db.close();
    await scratch.drop();
  }
}
