// Chaos: a webhook receiver on loopback, subscribed to every order event before the load starts,
// and the final check that it got exactly the committed order changes: one event per change
// (deduped by id), none missing, none extra. It answers 500 to about 1 request in 50, so retries run too.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SqlRunner } from "@orders/adapters";
import { check, log, sleep } from "./checks.js";

export interface ChaosReceiver {
  readonly url: string;
  /** Event ids accepted (2xx), deduped. */
  readonly ids: Set<string>;
  requests: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<ChaosReceiver> {
  const ids = new Set<string>();
  let server: Server | null = null;
  const receiver: ChaosReceiver = {
    url: "",
    ids,
    requests: 0,
    close: () => new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve()))),
  };
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      receiver.requests += 1;
      if (Math.random() < 0.02) return void res.writeHead(500).end();
      const id = String(req.headers["webhook-id"]);
      if ((JSON.parse(body) as { id: string }).id === id) ids.add(id);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return Object.assign(receiver, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/chaos-hook` });
}

export async function subscribe(httpBase: string, adminToken: string, url: string): Promise<void> {
  const res = await fetch(`${httpBase}/webhooks`, {
    method: "POST",
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      url,
      event_types: ["order.created", "order.paid", "order.cancelled", "order.expired"],
      description: "chaos receiver",
    }),
  });
  if (res.status !== 201) throw new Error(`subscribing the chaos receiver: ${res.status} ${await res.text()}`);
}

/** Waits up to `waitMs` for the receiver to have every order event, then checks it against the orders. */
export async function webhookChecks(db: SqlRunner, receiver: ChaosReceiver, waitMs: number): Promise<void> {
  log("\n[8] webhook receiver: one event per committed order change, none missing");
  const stored = async () =>
    (await db.query<{ id: string }>("SELECT id FROM events WHERE type LIKE 'order.%'", [])).map((r) => r.id);
  const deadline = Date.now() + waitMs;
  let ids = await stored();
  while (ids.some((id) => !receiver.ids.has(id)) && Date.now() < deadline) {
    await sleep(500);
    ids = await stored();
  }
  const [counts] = await db.query<{ changes: string; events: string }>(
    `SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM orders WHERE status <> 'pending') AS changes,
            (SELECT count(*) FROM events WHERE type LIKE 'order.%') AS events`,
    [],
  );
  const [mismatch] = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM orders o
     WHERE (SELECT count(*) FROM events e WHERE e.aggregate_type = 'order' AND e.aggregate_id = o.id)
           <> CASE WHEN o.status = 'pending' THEN 1 ELSE 2 END
        OR NOT EXISTS (SELECT 1 FROM events e WHERE e.aggregate_type = 'order' AND e.aggregate_id = o.id
                         AND e.type = 'order.' || CASE WHEN o.status = 'pending' THEN 'created' ELSE o.status END)`,
    [],
  );
  const missing = ids.filter((id) => !receiver.ids.has(id)).length;
  const extra = [...receiver.ids].filter((id) => !ids.includes(id)).length;
  log(
    `  ${counts?.changes} committed order changes, ${counts?.events} order events, ${receiver.ids.size} received (${receiver.requests} requests)`,
  );
  check(
    counts?.changes === counts?.events && Number(mismatch?.n) === 0,
    "one event per committed order change",
    `${mismatch?.n} orders with the wrong events`,
  );
  check(
    missing === 0 && extra === 0,
    "the receiver got every order event, deduped by id",
    `${missing} missing, ${extra} unknown`,
  );
}
