// A worker process that only delivers events (DATABASE_URL, LEASE_MS), for the kill -9 test.
import { connectPostgres, PostgresEventFeed, PostgresWebhooks, SystemClock, WebhookSink } from "@orders/adapters";
import { EventWorker } from "../../src/EventWorker.js";
import { FAST_RETRY } from "./deliverySetup.js";

const db = connectPostgres({ connectionString: process.env.DATABASE_URL ?? "", max: 8 });
const clock = new SystemClock();
new EventWorker({
  feed: new PostgresEventFeed(db, { clock, giveUpAfterMs: FAST_RETRY.giveUpAfterMs }),
  deliveries: new PostgresWebhooks(db),
  webhookSink: (d) => new WebhookSink({ url: d.url, secret: d.secret, timeoutMs: FAST_RETRY.timeoutMs, clock }),
  clock,
  retry: FAST_RETRY,
  pollIntervalMs: 50,
  leaseMs: Number(process.env.LEASE_MS),
}).start();
process.stdout.write("started\n");
