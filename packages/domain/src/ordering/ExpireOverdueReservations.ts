import type { Clock } from "../ports/Clock.js";
import type { ReservationTimer } from "../ports/ReservationTimer.js";
import type { UnitOfWork } from "../ports/UnitOfWork.js";
import { InvalidInputError } from "../shared/errors.js";
import { bestEffort } from "./bestEffort.js";
import { expireOrder } from "./Order.js";

/** Most overdue orders one sweep call expires (they share one unit of work). */
export const MAX_SWEEP_LIMIT = 10_000;

export interface ExpiredReservation {
  readonly orderId: number;
  readonly lagMs: number;
}

/**
 * The sweep: expires up to `limit` pending orders past expiresAt in one unit of work. Orders
 * another sweeper holds are skipped, so any number of sweepers can run at once. It is what
 * makes expiry certain when the timer lost entries or no worker was running at the deadline.
 */
export class ExpireOverdueReservations {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly timer: ReservationTimer,
    private readonly clock: Clock,
  ) {}

  async execute({ limit }: { readonly limit: number }): Promise<ExpiredReservation[]> {
    // A negative, fractional or NaN limit means something different to every store (slice, LIMIT).
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_SWEEP_LIMIT) {
      throw new InvalidInputError("limit", `must be a whole number from 1 to ${MAX_SWEEP_LIMIT}`);
    }
    const now = this.clock.now();
    const expired = await this.unitOfWork.run(async (tx) => {
      const due = await tx.orders.lockOverdue(now, limit);
      // Set-based: three statements for the whole batch, not two per order (closeReservation's path).
      const expired = due.map((o) => expireOrder(o, now));
      if (expired.length > 0) {
        await tx.reservations.releaseMany(expired.map((o) => ({ orderId: o.id, lines: o.lines })));
        await tx.orders.closeMany(
          expired.map((o) => o.id),
          "expired",
          now,
        );
      }
      return due.map((o) => ({ orderId: o.id, lagMs: now.getTime() - o.expiresAt.getTime() }));
    });
    await Promise.all(expired.map((e) => bestEffort(() => this.timer.cancel(e.orderId))));
    return expired;
  }
}
