import type { Actor } from "../identity/User.js";
import type { Clock } from "../ports/Clock.js";
import type { ReservationTimer } from "../ports/ReservationTimer.js";
import type { UnitOfWork } from "../ports/UnitOfWork.js";
import { OrderNotFoundError, ReservationExpiredError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import { bestEffort } from "./bestEffort.js";
import { closeReservation } from "./closeReservation.js";
import { type Order, payOrder } from "./Order.js";

export interface PayOrderInput {
  readonly actor: Actor;
  readonly orderId: number;
}

/**
 * Turns a reservation into a sale. Only the owner pays, only a pending order, and only before
 * expiresAt: a late payment expires the order in the same unit of work and fails.
 */
export class PayOrder {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly timer: ReservationTimer,
    private readonly clock: Clock,
  ) {}

  async execute(input: PayOrderInput): Promise<Order> {
    const orderId = parseId(input.orderId, "order_id");
    const order = await this.unitOfWork.run(async (tx) => {
      const locked = await tx.orders.lock(orderId);
      if (locked === null || locked.userId !== input.actor.userId) throw new OrderNotFoundError(orderId);
      // A late payment's expiry is the payer's request too: its release names them.
      return closeReservation(tx, payOrder(locked, this.clock.now()), input.actor.userId);
    });
    await bestEffort(() => this.timer.cancel(orderId));
    if (order.status === "expired") throw new ReservationExpiredError(orderId, order.expiresAt);
    return order;
  }
}
