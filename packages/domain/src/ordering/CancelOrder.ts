import { type Actor, isAdmin } from "../identity/User.js";
import type { Clock } from "../ports/Clock.js";
import type { ReservationTimer } from "../ports/ReservationTimer.js";
import type { UnitOfWork } from "../ports/UnitOfWork.js";
import { OrderNotFoundError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import { bestEffort } from "./bestEffort.js";
import { closeReservation } from "./closeReservation.js";
import { cancelOrder, type Order } from "./Order.js";

export interface CancelOrderInput {
  readonly actor: Actor;
  readonly orderId: number;
}

/** The owner or an admin gives a pending order's reserved stock back. */
export class CancelOrder {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly timer: ReservationTimer,
    private readonly clock: Clock,
  ) {}

  async execute(input: CancelOrderInput): Promise<Order> {
    const orderId = parseId(input.orderId, "order_id");
    const order = await this.unitOfWork.run(async (tx) => {
      const locked = await tx.orders.lock(orderId);
      if (locked === null || (locked.userId !== input.actor.userId && !isAdmin(input.actor))) {
        throw new OrderNotFoundError(orderId);
      }
      return closeReservation(tx, cancelOrder(locked, this.clock.now()), input.actor.userId);
    });
    await bestEffort(() => this.timer.cancel(orderId));
    return order;
  }
}
