import type { IdempotencyStore, SweepLog } from "@orders/adapters";
import type { Clock, ExpireOverdueReservations, ExpireReservation, ReservationTimer } from "@orders/domain";
import { type Logger, pino } from "pino";
import { Registry } from "prom-client";
import { ExpiryMetrics, type ReleaseSource } from "./ExpiryMetrics.js";

const KEY_PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** The two use cases the worker drives; an OrderService from createOrderService has both. */
export interface ExpiryUseCases {
  readonly expireReservation: Pick<ExpireReservation, "execute">;
  readonly expireOverdueReservations: Pick<ExpireOverdueReservations, "execute">;
}

export interface ExpiryWorkerOptions {
  readonly useCases: ExpiryUseCases;
  readonly timer: ReservationTimer;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Where the metrics go (the embedded HTTP app passes the registry it serves on /metrics). */
  readonly registry?: Registry;
  /** Pause between claims when the last one was not full. Default 250. */
  readonly pollIntervalMs?: number;
  /** Orders claimed per call, and orders expired per sweep transaction. Default 100. */
  readonly batchSize?: number;
  /** Pause between sweeps. Default 30 s. */
  readonly sweepIntervalMs?: number;
  /** Releases of one claimed batch run this many at a time. Default 8. */
  readonly releaseConcurrency?: number;
  /** When given, the sweep loop also purges expired Idempotency-Keys (IdempotencyStore.purgeExpired), once an hour. */
  readonly idempotencyKeys?: Pick<IdempotencyStore, "purgeExpired">;
  /**
   * When given, each completed sweep of the loop is recorded there: `make audit` counts an overdue
   * pending order as a fault only if a sweep started after its deadline.
   */
  readonly sweepLog?: SweepLog;
}

export interface ExpiryWorkerHealth {
  readonly ok: boolean;
  readonly running: boolean;
  readonly lastClaimLoopAt: string | null;
  readonly lastSweepAt: string | null;
  readonly released: { readonly timer: number; readonly sweep: number };
}

/**
 * Releases expired reservations. A claim loop takes due orders from the ReservationTimer and
 * expires them (prompt): a batch through one ExpireOverdueReservations transaction, stragglers
 * one by one through ExpireReservation; a sweep loop runs ExpireOverdueReservations
 * on Postgres every sweep interval, first right at start (certain: it finds whatever the timer
 * lost, and runs on whether or not the timer is reachable). Both are idempotent, so several
 * workers can run side by side.
 */
export class ExpiryWorker {
  readonly metrics: ExpiryMetrics;
  private readonly logger: Logger;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly sweepIntervalMs: number;
  private readonly releaseConcurrency: number;
  private loops: Promise<void>[] = [];
  private stopping = false;
  private readonly wakers = new Set<() => void>();
  private lastClaimLoopAt: number | null = null;
  private lastSweepAt: number | null = null;
  private sweepsDone = 0;
  private timerDown = false;
  private readonly releasedCount = { timer: 0, sweep: 0 };
  private lastKeyPurgeAt: number | null = null;

  constructor(private readonly options: ExpiryWorkerOptions) {
    this.logger = options.logger ?? pino({ level: "silent" });
    this.metrics = new ExpiryMetrics(options.registry ?? new Registry());
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 100;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
    this.releaseConcurrency = options.releaseConcurrency ?? 8;
  }

  get running(): boolean {
    return this.loops.length > 0;
  }

  /** Completed sweeps since start (each one drains every overdue order it can lock). */
  get sweeps(): number {
    return this.sweepsDone;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.loops = [this.claimLoop(), this.sweepLoop()];
    this.logger.info(
      { pollIntervalMs: this.pollIntervalMs, batchSize: this.batchSize, sweepIntervalMs: this.sweepIntervalMs },
      "expiry worker started",
    );
  }

  /** Stops claiming and sweeping, lets the batch in flight finish, then resolves. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
    this.loops = [];
    this.logger.info("expiry worker stopped");
  }

  /**
   * One full sweep now: expires overdue orders batch after batch until a batch comes back short.
   * Answers how many it released.
   */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.options.useCases.expireOverdueReservations.execute({ limit: this.batchSize });
      for (const e of expired) this.recordRelease(e.orderId, e.lagMs, "sweep");
      total += expired.length;
      if (expired.length < this.batchSize || this.stopping) return total;
    }
  }

  /**
   * Stalled when a loop has not come round for far longer than its interval (a hung query):
   * an orchestrator should restart the process. A timer outage is not a stall. Both the loops'
   * timestamps and `nowMs` come from the worker's clock.
   */
  health(nowMs = this.nowMs()): ExpiryWorkerHealth {
    const claimLimit = Math.max(10_000, this.pollIntervalMs * 20);
    const sweepLimit = this.sweepIntervalMs * 2 + 30_000;
    const stalled = (at: number | null, limit: number) => at !== null && nowMs - at > limit;
    const ok = this.running && !stalled(this.lastClaimLoopAt, claimLimit) && !stalled(this.lastSweepAt, sweepLimit);
    const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
    return {
      ok,
      running: this.running,
      lastClaimLoopAt: iso(this.lastClaimLoopAt),
      lastSweepAt: iso(this.lastSweepAt),
      released: { ...this.releasedCount },
    };
  }

  private async claimLoop(): Promise<void> {
    this.lastClaimLoopAt = this.nowMs();
    while (!this.stopping) {
      let full = false;
      try {
        const ids = await this.options.timer.claimDue(this.options.clock.now(), this.batchSize);
        this.noteTimer(null);
        full = ids.length >= this.batchSize;
        await this.releaseClaimed(ids);
      } catch (error) {
        this.noteTimer(error);
      }
      this.lastClaimLoopAt = this.nowMs();
      if (!full) await this.pause(this.pollIntervalMs);
    }
  }

  private async sweepLoop(): Promise<void> {
    this.lastSweepAt = this.nowMs();
    while (!this.stopping) {
      try {
        const startedAt = this.options.clock.now();
        const released = await this.sweep();
        if (released > 0) this.logger.info({ released }, "sweep released overdue reservations");
        // A sweep cut short by stop() did not drain everything, so it is not recorded.
        if (!this.stopping) await this.recordSweep(startedAt);
      } catch (error) {
        this.metrics.releaseErrors.inc({ source: "sweep" });
        this.logger.error({ err: error }, "sweep failed; retrying next interval");
      }
      await this.purgeIdempotencyKeys();
      this.sweepsDone++;
      this.lastSweepAt = this.nowMs();
      await this.pause(this.sweepIntervalMs);
    }
  }

  private nowMs(): number {
    return this.options.clock.now().getTime();
  }

  private async recordSweep(startedAt: Date): Promise<void> {
    try {
      await this.options.sweepLog?.recordSweep(startedAt, this.options.clock.now());
    } catch (error) {
      // Only the audit reads it; the next sweep records again.
      this.logger.warn({ err: error }, "could not record the completed sweep");
    }
  }

  /** Deletes expired Idempotency-Keys at start and then at most once an hour; harmless if several workers do. */
  private async purgeIdempotencyKeys(): Promise<void> {
    const store = this.options.idempotencyKeys;
    const nowMs = this.nowMs();
    if (store === undefined || (this.lastKeyPurgeAt !== null && nowMs - this.lastKeyPurgeAt < KEY_PURGE_INTERVAL_MS)) {
      return;
    }
    try {
      const deleted = await store.purgeExpired(new Date(nowMs));
      this.lastKeyPurgeAt = nowMs;
      if (deleted > 0) this.logger.info({ deleted }, "expired idempotency keys deleted");
    } catch (error) {
      this.logger.warn({ err: error }, "idempotency key purge failed; retrying next sweep");
    }
  }

  private async releaseClaimed(claimed: readonly number[]): Promise<void> {
    let ids = claimed;
    if (claimed.length > 1) {
      // A burst: one sweep transaction releases the oldest overdue orders, which are the ones just
      // claimed (same order by deadline, then id), far cheaper than one commit per order. Whatever
      // it did not take (locked by another worker, not overdue in Postgres) goes one by one.
      try {
        const expired = await this.options.useCases.expireOverdueReservations.execute({ limit: claimed.length });
        for (const e of expired) this.recordRelease(e.orderId, e.lagMs, "timer");
        const done = new Set(expired.map((e) => e.orderId));
        ids = claimed.filter((id) => !done.has(id));
      } catch (error) {
        this.metrics.releaseErrors.inc({ source: "timer" });
        this.logger.error({ err: error }, "batch release failed; releasing one by one");
      }
    }
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < ids.length; i = next++) {
        const orderId = ids[i];
        if (orderId === undefined) continue;
        try {
          const result = await this.options.useCases.expireReservation.execute({ orderId });
          if (result.outcome === "expired") this.recordRelease(orderId, result.lagMs, "timer");
        } catch (error) {
          // The claim's lease runs out and the order comes due again; the sweep also covers it.
          this.metrics.releaseErrors.inc({ source: "timer" });
          this.logger.error({ err: error, order_id: orderId }, "release failed; will retry after the lease");
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.releaseConcurrency, ids.length) }, lane));
  }

  private recordRelease(orderId: number, lagMs: number, source: ReleaseSource): void {
    this.releasedCount[source]++;
    this.metrics.released.inc({ source });
    this.metrics.lagSeconds.observe({ source }, Math.max(0, lagMs) / 1000);
    this.logger.info({ order_id: orderId, lag_ms: lagMs, source }, "reservation released");
  }

  /** Logs a timer outage once when it starts and once when it ends, counts every failure. */
  private noteTimer(error: unknown): void {
    if (error === null) {
      if (this.timerDown) this.logger.info("reservation timer reachable again");
      this.timerDown = false;
      return;
    }
    this.metrics.timerErrors.inc();
    if (!this.timerDown) this.logger.warn({ err: error }, "reservation timer unreachable; the sweep keeps releasing");
    this.timerDown = true;
  }

  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(handle);
        this.wakers.delete(wake);
        resolve();
      };
      const handle = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}
