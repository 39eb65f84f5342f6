// Webhook delivery on the real server: retries until a 2xx, a receiver down for 30 s gets
// everything after, two workers never send one attempt at once, one slow endpoint delays no other,
// per endpoint each aggregate arrives in sequence order, failed for good after the window, retried by hand.
import { PostgresWebhooks } from "@orders/adapters";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, expect, it } from "vitest";
import { describeWithServer } from "../../../adapters/test/support/servers.js";
import { waitFor } from "../support/waitFor.js";
import { arrivalOrder, type DeliverySetup, deliverySetup, FAST_RETRY } from "./deliverySetup.js";
import { WebhookReceiver } from "./webhookReceiver.js";

describeWithServer("postgres")("webhook delivery on real PostgreSQL", () => {
  let setup: DeliverySetup;
  const receivers: WebhookReceiver[] = [];
  const workers: { stop(): Promise<void> }[] = [];

  beforeEach(async () => {
    setup = await deliverySetup("delivery");
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await Promise.all(receivers.splice(0).map((r) => r.stop()));
    await setup.close();
  });

  async function receiver(policy?: ConstructorParameters<typeof WebhookReceiver>[0]) {
    const r = new WebhookReceiver(policy);
    await r.start();
    receivers.push(r);
    return r;
  }

  function run(worker: ReturnType<DeliverySetup["worker"]>) {
    worker.start();
    workers.push(worker);
    return worker;
  }

  it("500, 500, 500, then 200: the fourth attempt delivers, signed, with the same webhook-id each time", async () => {
    const r = await receiver(({ attempt }) => ({ status: attempt <= 3 ? 500 : 200 }));
    const { id, secret } = await setup.subscribe(r.url);
    await setup.emit(1, 0);
    run(setup.worker());
    await waitFor("the delivery", async () => r.received.length === 1, 15_000);
    const [got] = r.received;
    if (got === undefined) throw new Error("nothing received");
    expect(r.attemptsOf(got.id)).toBe(4);
    const headers = { "webhook-id": got.id, "webhook-signature": got.signature, "webhook-timestamp": got.timestamp };
    expect(new Webhook(secret).verify(got.body, headers)).toEqual(got.event);
    const webhooks = new PostgresWebhooks(setup.db);
    const delivered = async () => (await webhooks.deliveries({ webhookId: id, status: "delivered", limit: 1 })).length;
    await waitFor("recorded", async () => (await delivered()) === 1);
    const [delivery] = await webhooks.deliveries({ webhookId: id, limit: 10 });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 4, lastStatusCode: 200, lastError: null });
  }, 30_000);

  it("a receiver down for 30 s gets every event after it is back, each aggregate in sequence order", async () => {
    const r = new WebhookReceiver();
    await r.start();
    receivers.push(r);
    await setup.subscribe(r.url);
    await r.stop();
    await setup.emit(10, 2);
    run(setup.worker());
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    expect(r.received).toHaveLength(0);
    await r.start();
    await waitFor("every event", async () => r.distinct().size === 30, 20_000);
    for (const sequences of arrivalOrder([...r.distinct().values()].map((x) => x.event)).values()) {
      expect(sequences).toEqual([1, 2, 3]);
    }
  }, 70_000);

  it("two workers: every event delivered once, never the same attempt at once, per aggregate in order", async () => {
    const r = await receiver(() => ({ status: 200, delayMs: 20 }));
    await setup.subscribe(r.url);
    run(setup.worker());
    run(setup.worker());
    await setup.emit(40, 4);
    await waitFor("every event", async () => r.distinct().size === 200, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received).toHaveLength(200);
    expect(r.maxInFlightPerId).toBe(1);
    for (const sequences of arrivalOrder(r.received.map((x) => x.event)).values()) {
      expect(sequences).toEqual([1, 2, 3, 4, 5]);
    }
  }, 40_000);

  it("one slow endpoint delays no other", async () => {
    const slow = await receiver(() => ({ status: 200, delayMs: 1_500 }));
    const fast = await receiver();
    await setup.subscribe(slow.url);
    await setup.subscribe(fast.url);
    await setup.emit(30, 0);
    const started = Date.now();
    run(setup.worker({ perEndpointConcurrency: 2 }));
    await waitFor("the fast endpoint", async () => fast.received.length === 30, 10_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(slow.received.length).toBeLessThan(30);
  });

  it("fails for good after the retry window; a retry by hand delivers it", async () => {
    let up = false;
    const r = await receiver(() => ({ status: up ? 200 : 503 }));
    const { id } = await setup.subscribe(r.url);
    await setup.emit(1, 0);
    const webhooks = new PostgresWebhooks(setup.db);
    const worker = run(setup.worker({ retry: { ...FAST_RETRY, giveUpAfterMs: 300 } }));
    await waitFor(
      "failed",
      async () => (await webhooks.deliveries({ webhookId: id, status: "failed", limit: 1 })).length === 1,
    );
    const [failed] = await webhooks.deliveries({ webhookId: id, limit: 1 });
    expect(failed).toMatchObject({
      status: "failed",
      lastStatusCode: 503,
      lastError: "receiver answered 503",
      nextAttemptAt: null,
    });
    up = true;
    await webhooks.retry(id, failed?.id ?? 0, new Date());
    await waitFor("delivered", async () => r.received.length === 1);
    await waitFor("recorded", async () => worker.counts.delivered === 1);
    const [again] = await webhooks.deliveries({ webhookId: id, limit: 1 });
    expect(again).toMatchObject({ status: "delivered", lastStatusCode: 200 });
  }, 30_000);
});
