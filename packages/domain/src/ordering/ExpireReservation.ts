import type { Clock } from "../ports/Clock.js";
import type { ReservationTimer } from "../ports/ReservationTimer.js";
import type { UnitOfWork } from "../ports/UnitOfWork.js";
import { parseId } from "../shared/values.js";
import { bestEffort } from "./bestEffort.js";
import { closeReservation } from "./closeReservation.js";
import { expireOrder, isOverdue, isPending, type OrderStatus } from "./Order.js";

export interface ExpireReservationInput {
  readonly orderId: number;
}

/**
 * What expiring did. Only `expired` changed anything: expiring is idempotent, so a second call,
 * or a call for an order that was paid or cancelled meanwhile, reports why it did nothing.
 */
export type ExpireReservationResult =
  | { readonly outcome: "expired"; readonly orderId: number; readonly lagMs: number }
  | { readonly outcome: "not_pending"; readonly orderId: number; readonly status: OrderStatus }
  | { readonly outcome: "not_due"; readonly orderId: number; readonly expiresAt: Date }
  | { readonly outcome: "not_found"; readonly orderId: number };

/** Gives a due reservation's stock back, exactly once, whoever asks and however often. */
export class ExpireReservation {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly timer: ReservationTimer,
    private readonly clock: Clock,
  ) {}

  async execute(input: ExpireReservationInput): Promise<ExpireReservationResult> {
    // Ids arrive from the timer's store, not only from typed callers: a malformed one is an input error.
    const orderId = parseId(input.orderId, "order_id");
    const result = await this.unitOfWork.run(async (tx): Promise<ExpireReservationResult> => {
      const order = await tx.orders.lock(orderId);
      if (order === null) return { outcome: "not_found", orderId };
      if (!isPending(order)) return { outcome: "not_pending", orderId, status: order.status };
      const now = this.clock.now();
      if (!isOverdue(order, now)) return { outcome: "not_due", orderId, expiresAt: order.expiresAt };
      await closeReservation(tx, expireOrder(order, now), null);
      return { outcome: "expired", orderId, lagMs: now.getTime() - order.expiresAt.getTime() };
    });
    // Keep the timer in step with the order: due again later, or nothing left to do.
    await bestEffort(() =>
      result.outcome === "not_due" ? this.timer.schedule(orderId, result.expiresAt) : this.timer.cancel(orderId),
    );
    return result;
  }
}
