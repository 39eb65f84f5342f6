import type { Clock, ReservationTimer } from "@orders/domain";
import { SystemClock } from "./SystemClock.js";

interface HeapEntry {
  readonly at: number;
  readonly orderId: number;
  /** Matches `live.get(orderId)?.version` while the entry is current; anything else is stale. */
  readonly version: number;
}

export interface InProcessReservationTimerOptions {
  /** How long a claimed order stays hidden before it is due again (its release failed). */
  readonly leaseMs?: number;
  /** Only used to start leases; defaults to the system clock. */
  readonly clock?: Clock;
}

const DEFAULT_LEASE_MS = 30_000;

/**
 * Embedded mode's timer: a binary min-heap ordered by due time (then order id). Rescheduling and
 * cancelling do not search the heap: they bump the order's version, and entries with an old
 * version are dropped when they reach the top (lazy deletion). Same claim/lease semantics as
 * the Redis timer, for one process.
 */
export class InProcessReservationTimer implements ReservationTimer {
  private readonly heap: HeapEntry[] = [];
  private readonly live = new Map<number, { at: number; version: number }>();
  private nextVersion = 0;
  private readonly leaseMs: number;
  private readonly clock: Clock;

  constructor(options: InProcessReservationTimerOptions = {}) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.clock = options.clock ?? new SystemClock();
  }

  /** Orders currently scheduled or leased. */
  get size(): number {
    return this.live.size;
  }

  async schedule(orderId: number, expiresAt: Date): Promise<void> {
    this.put(orderId, expiresAt.getTime());
  }

  async scheduleMany(entries: readonly { readonly orderId: number; readonly expiresAt: Date }[]): Promise<void> {
    for (const { orderId, expiresAt } of entries) this.put(orderId, expiresAt.getTime());
  }

  async cancel(orderId: number): Promise<void> {
    this.live.delete(orderId);
    this.compactIfMostlyStale();
  }

  async claimDue(now: Date, limit: number): Promise<number[]> {
    const claimed: number[] = [];
    const until = now.getTime();
    while (claimed.length < limit) {
      const top = this.heap[0];
      if (top === undefined || top.at > until) break;
      this.pop();
      if (this.live.get(top.orderId)?.version !== top.version) continue;
      claimed.push(top.orderId);
    }
    // Re-queued after the loop so a zero lease cannot hand the same order out twice in one call.
    const leaseEnd = this.clock.now().getTime() + this.leaseMs;
    for (const orderId of claimed) this.put(orderId, leaseEnd);
    return claimed;
  }

  private put(orderId: number, at: number): void {
    const version = ++this.nextVersion;
    this.live.set(orderId, { at, version });
    this.push({ at, orderId, version });
    this.compactIfMostlyStale();
  }

  /** Bounds memory when many orders are paid or rescheduled before they come due. */
  private compactIfMostlyStale(): void {
    if (this.heap.length < 1024 || this.heap.length < this.live.size * 4) return;
    const current = this.heap.filter((e) => this.live.get(e.orderId)?.version === e.version);
    this.heap.length = 0;
    for (const entry of current) this.push(entry);
  }

  private push(entry: HeapEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (p === undefined || !before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = last;
      let at = -1;
      const l = heap[left];
      if (l !== undefined && before(l, smallest)) {
        smallest = l;
        at = left;
      }
      const r = heap[right];
      if (r !== undefined && before(r, smallest)) {
        smallest = r;
        at = right;
      }
      if (at === -1) break;
      heap[i] = smallest;
      i = at;
    }
    heap[i] = last;
  }
}

const before = (a: HeapEntry, b: HeapEntry): boolean => a.at < b.at || (a.at === b.at && a.orderId < b.orderId);
