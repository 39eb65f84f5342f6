// Moves committed events out: gives them feed positions, delivers webhooks, publishes to cursor
// sinks (NATS JetStream), and purges old events. Runs in the worker process and in the embedded one.
import {
  type ClaimedDelivery,
  type Clock,
  DEFAULT_DELIVERY_RETRY,
  DEFAULT_EVENT_RETENTION_DAYS,
  type DeliveryRetryPolicy,
  type EventFeed,
  type EventSink,
  retryDelayMs,
  SinkError,
  type WebhookDeliveries,
} from "@orders/domain";
import { type Logger, pino } from "pino";

/** A sink that follows the feed with a stored cursor: one worker at a time publishes for it, in order. */
export interface CursorSink {
  readonly name: string;
  readonly sink: EventSink;
}

export interface SinkCursorStore {
  claim(name: string, leaseMs: number): Promise<number | null>;
  release(name: string, position: number): Promise<void>;
}

export interface EventWorkerOptions {
  readonly feed: EventFeed;
  readonly deliveries: WebhookDeliveries;
  /** The sink for one endpoint (WebhookSink in production). */
  readonly webhookSink: (delivery: ClaimedDelivery) => EventSink;
  /** Checked before every send (the URL's host may resolve elsewhere since it was registered). */
  readonly checkUrl?: (url: string) => Promise<unknown>;
  readonly cursorSinks?: readonly CursorSink[];
  readonly cursors?: SinkCursorStore;
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly retry?: DeliveryRetryPolicy;
  /** Pause between rounds when there was nothing to do. Default 200 ms. */
  readonly pollIntervalMs?: number;
  /** Deliveries in flight in this worker, all endpoints together. Default 64. */
  readonly maxInFlight?: number;
  /** Deliveries in flight to one endpoint: a slow one holds only these. Default 4. */
  readonly perEndpointConcurrency?: number;
  /** Events (and finished attempts) older than this many days are purged, hourly. Default 7. */
  readonly retentionDays?: number;
  /** How long a claimed attempt is held from other workers; timeout + 30 s by default (a killed worker's attempt waits this long). */
  readonly leaseMs?: number;
  /** In [0, 1); Math.random by default. The jitter of the retry delay. */
  readonly random?: () => number;
}

const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const LEASE_MARGIN_MS = 30_000;
const SINK_PAGE = 500;

export class EventWorker {
  private readonly logger: Logger;
  private readonly retry: DeliveryRetryPolicy;
  private readonly pollIntervalMs: number;
  private readonly maxInFlight: number;
  private readonly perEndpoint: number;
  private readonly inFlight = new Map<number, number>();
  private readonly sends = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;
  private relaying: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private lastPurgeAt: number | null = null;
  /** Attempts that ended, delivered or not: for tests and the bench. */
  readonly counts = { delivered: 0, failedAttempts: 0, published: 0 };

  constructor(private readonly options: EventWorkerOptions) {
    this.logger = options.logger ?? pino({ level: "silent" });
    this.retry = options.retry ?? DEFAULT_DELIVERY_RETRY;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.maxInFlight = options.maxInFlight ?? 64;
    this.perEndpoint = options.perEndpointConcurrency ?? 4;
  }

  start(): void {
    if (this.loop !== null) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops claiming; waits for the sends in flight (each ends within the timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await this.relaying;
    await Promise.allSettled([...this.sends]);
    this.loop = null;
  }

  /** One round: sequence, claim and start deliveries, relay to cursor sinks, purge when due. */
  async tick(): Promise<number> {
    const sequenced = await this.options.feed.sequence();
    const claimed = await this.claimAndSend();
    if (this.relaying === null && (this.options.cursorSinks?.length ?? 0) > 0) {
      this.relaying = this.relay().finally(() => {
        this.relaying = null;
      });
    }
    await this.purgeIfDue();
    return sequenced + claimed;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let busy = 0;
      try {
        busy = await this.tick();
      } catch (error) {
        this.logger.warn({ err: error }, "event round failed; retrying");
      }
      if (busy === 0 && !this.stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollIntervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  private async claimAndSend(): Promise<number> {
    const room = this.maxInFlight - this.sends.size;
    if (room <= 0) return 0;
    const full = [...this.inFlight].filter(([, n]) => n >= this.perEndpoint).map(([id]) => id);
    const leaseMs = this.options.leaseMs ?? this.retry.timeoutMs + LEASE_MARGIN_MS;
    const claimed = await this.options.deliveries.claim(this.options.clock.now(), room, leaseMs, full);
    for (const delivery of claimed) {
      const n = this.inFlight.get(delivery.webhookId) ?? 0;
      // Claimed beyond this endpoint's share in one batch: still sent, but the next claim skips it.
      this.inFlight.set(delivery.webhookId, n + 1);
      const send: Promise<void> = this.send(delivery).finally(() => {
        this.sends.delete(send);
        const left = (this.inFlight.get(delivery.webhookId) ?? 1) - 1;
        if (left <= 0) this.inFlight.delete(delivery.webhookId);
        else this.inFlight.set(delivery.webhookId, left);
        this.wake?.();
      });
      this.sends.add(send);
    }
    return claimed.length;
  }

  private async send(delivery: ClaimedDelivery): Promise<void> {
    try {
      await this.options.checkUrl?.(delivery.url);
      const receipt = await this.options.webhookSink(delivery).send(delivery.event);
      await this.options.deliveries.delivered(delivery, receipt.statusCode ?? 200, this.options.clock.now());
      this.counts.delivered += 1;
    } catch (error) {
      this.counts.failedAttempts += 1;
      const statusCode = error instanceof SinkError ? error.statusCode : null;
      const message = error instanceof Error ? error.message : String(error);
      const now = this.options.clock.now();
      const delay = retryDelayMs(this.retry, delivery.attempts, (this.options.random ?? Math.random)());
      const next = new Date(now.getTime() + delay);
      const giveUp = next.getTime() > delivery.giveUpAt.getTime();
      try {
        await this.options.deliveries.attemptFailed(delivery, { statusCode, error: message }, giveUp ? null : next);
      } catch (recordError) {
        // The lease lapses and another round retries it.
        this.logger.warn({ err: recordError, delivery: delivery.id }, "could not record a failed delivery attempt");
      }
      this.logger.info(
        { delivery: delivery.id, webhook: delivery.webhookId, attempts: delivery.attempts, statusCode, error: message },
        giveUp ? "webhook delivery failed for good" : "webhook delivery attempt failed; will retry",
      );
    }
  }

  private async relay(): Promise<void> {
    const { cursors, cursorSinks = [] } = this.options;
    if (cursors === undefined) return;
    for (const { name, sink } of cursorSinks) {
      const start = await cursors.claim(name, this.retry.timeoutMs + LEASE_MARGIN_MS).catch(() => null);
      if (start === null) continue;
      let position = start;
      try {
        for (;;) {
          const page = await this.options.feed.read({ after: position, types: [], limit: SINK_PAGE });
          for (const event of page.events) {
            await sink.send(event);
            this.counts.published += 1;
          }
          position = page.nextCursor;
          if (page.events.length < SINK_PAGE || this.stopping) break;
        }
      } catch (error) {
        this.logger.warn({ err: error, sink: name }, "publishing events failed; retrying from the last one sent");
        // Only whole pages advance the cursor: a republished event is dropped by its id.
      } finally {
        await cursors.release(name, position).catch(() => undefined);
      }
    }
  }

  private async purgeIfDue(): Promise<void> {
    const now = this.options.clock.now().getTime();
    if (this.lastPurgeAt !== null && now - this.lastPurgeAt < PURGE_INTERVAL_MS) return;
    this.lastPurgeAt = now;
    const days = this.options.retentionDays ?? DEFAULT_EVENT_RETENTION_DAYS;
    const purged = await this.options.feed.purge(new Date(now - days * 24 * 60 * 60 * 1000));
    if (purged > 0) this.logger.info({ purged, retentionDays: days }, "purged old events");
  }
}
