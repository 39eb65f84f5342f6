// kill -9 of a worker process in the middle of a delivery batch: every event still reaches the
// receiver at least once (another worker takes the attempts once their lease lapses), and a
// duplicate carries the same webhook-id and the same body.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithServer } from "../../../adapters/test/support/servers.js";
import { waitFor } from "../support/waitFor.js";
import { type DeliverySetup, deliverySetup } from "./deliverySetup.js";
import { WebhookReceiver } from "./webhookReceiver.js";

const LEASE_MS = 2_000;

describeWithServer("postgres")("a worker killed mid-batch", () => {
  let setup: DeliverySetup;
  const receiver = new WebhookReceiver(() => ({ status: 200, delayMs: 300 }));
  beforeAll(async () => {
    setup = await deliverySetup("killed");
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await setup?.close();
  });

  it("loses no event; duplicates carry the same webhook-id and body", async () => {
    await setup.subscribe(receiver.url);
    await setup.emit(30, 1);
    const child = spawn(
      process.execPath,
      [
        "--conditions=development",
        "--import",
        "tsx",
        fileURLToPath(new URL("./eventWorkerProcess.ts", import.meta.url)),
      ],
      {
        env: { ...process.env, DATABASE_URL: setup.url, LEASE_MS: String(LEASE_MS) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const inFlight = () => [...receiver.inFlight.values()].reduce((a, b) => a + b, 0);
    await waitFor("the child mid-batch", async () => receiver.received.length >= 3 && inFlight() > 0, 30_000);
    const sendingWhenKilled = inFlight();
    child.kill("SIGKILL");
    await exited;
    expect(sendingWhenKilled).toBeGreaterThan(0);

    const worker = setup.worker({ leaseMs: LEASE_MS });
    worker.start();
    try {
      await waitFor("every event", async () => receiver.distinct().size === 60, 30_000);
    } finally {
      await worker.stop();
    }
    const stored = await setup.db.query<{ id: string }>("SELECT id FROM events WHERE type LIKE 'product.%'", []);
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set(stored.map((e) => e.id)));
    const first = receiver.distinct();
    for (const r of receiver.received) expect(r.body).toBe(first.get(r.id)?.body);
  }, 60_000);
});
