// A webhook endpoint on loopback for the delivery tests: records every request and answers what
// the test's policy says (a status, after a delay), or is down (port closed) until started again.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly id: string;
  readonly body: string;
  readonly event: { id: string; type: string; aggregate: { type: string; id: number }; sequence: number };
  readonly signature: string;
  /** The webhook-timestamp header: the second the attempt was signed. */
  readonly timestamp: string;
  readonly at: number;
}

export type Policy = (request: { id: string; attempt: number }) => { status: number; delayMs?: number };

export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Requests being answered now, per webhook-id, and the most at once. */
  readonly inFlight = new Map<string, number>();
  maxInFlightPerId = 0;
  private server: Server | null = null;
  private attempts = new Map<string, number>();

  constructor(
    public policy: Policy = () => ({ status: 200 }),
    private port = 0,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        const id = String(req.headers["webhook-id"]);
        const attempt = (this.attempts.get(id) ?? 0) + 1;
        this.attempts.set(id, attempt);
        const now = (this.inFlight.get(id) ?? 0) + 1;
        this.inFlight.set(id, now);
        this.maxInFlightPerId = Math.max(this.maxInFlightPerId, now);
        const { status, delayMs = 0 } = this.policy({ id, attempt });
        setTimeout(() => {
          this.inFlight.set(id, (this.inFlight.get(id) ?? 1) - 1);
          if (status >= 200 && status < 300) {
            this.received.push({
              id,
              body,
              event: JSON.parse(body),
              signature: String(req.headers["webhook-signature"]),
              timestamp: String(req.headers["webhook-timestamp"]),
              at: Date.now(),
            });
          }
          res.writeHead(status).end();
        }, delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port: connections are refused until start() again, on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** Accepted deliveries, first arrival per event id. */
  distinct(): Map<string, Received> {
    const first = new Map<string, Received>();
    for (const r of this.received) if (!first.has(r.id)) first.set(r.id, r);
    return first;
  }

  attemptsOf(id: string): number {
    return this.attempts.get(id) ?? 0;
  }
}
