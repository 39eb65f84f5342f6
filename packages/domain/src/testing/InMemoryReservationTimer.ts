import type { Clock } from "../ports/Clock.js";
import type { ReservationTimer } from "../ports/ReservationTimer.js";

/** A timer in a Map. Set `down` to make every call fail, as an unreachable Redis would. */
export class InMemoryReservationTimer implements ReservationTimer {
  /** Order id -> due time in ms; a claimed order is due again when its lease ends. */
  readonly due = new Map<number, number>();
  down = false;

  constructor(
    private readonly clock: Clock,
    private readonly leaseMs = 30_000,
  ) {}

  async schedule(orderId: number, expiresAt: Date): Promise<void> {
    this.ensureUp();
    this.due.set(orderId, expiresAt.getTime());
  }

  /** Counts its calls: one per checkout batch is what the use case promises. */
  scheduleManyCalls = 0;

  async scheduleMany(entries: readonly { readonly orderId: number; readonly expiresAt: Date }[]): Promise<void> {
    this.scheduleManyCalls++;
    this.ensureUp();
    for (const { orderId, expiresAt } of entries) this.due.set(orderId, expiresAt.getTime());
  }

  async cancel(orderId: number): Promise<void> {
    this.ensureUp();
    this.due.delete(orderId);
  }

  async claimDue(now: Date, limit: number): Promise<number[]> {
    this.ensureUp();
    const claimed = [...this.due]
      .filter(([, at]) => at <= now.getTime())
      .sort(([idA, a], [idB, b]) => a - b || idA - idB)
      .slice(0, limit)
      .map(([orderId]) => orderId);
    for (const orderId of claimed) this.due.set(orderId, this.clock.now().getTime() + this.leaseMs);
    return claimed;
  }

  private ensureUp(): void {
    if (this.down) throw new Error("reservation timer is down");
  }
}
