import { type Actor, isAdmin } from "../identity/User.js";
import type { Orders } from "../ports/Orders.js";
import { InvalidInputError } from "../shared/errors.js";
import { parseId, parsePage } from "../shared/values.js";
import { ORDER_STATUSES, type Order, type OrderStatus } from "./Order.js";

export interface ListOrdersInput {
  readonly actor: Actor;
  readonly status?: OrderStatus;
  /** Admins only: one customer's orders. */
  readonly userId?: number;
  readonly limit?: number;
  readonly afterId?: number;
}

/** A customer sees their own orders; an admin sees everyone's and may filter by user. */
export class ListOrders {
  constructor(private readonly orders: Orders) {}

  async execute(input: ListOrdersInput): Promise<Order[]> {
    if (input.status !== undefined && !ORDER_STATUSES.includes(input.status)) {
      throw new InvalidInputError("status", `must be one of ${ORDER_STATUSES.join(", ")}`);
    }
    const userId = isAdmin(input.actor)
      ? input.userId === undefined
        ? undefined
        : parseId(input.userId, "user_id")
      : input.actor.userId;
    return this.orders.list({
      ...parsePage(input),
      ...(userId === undefined ? {} : { userId }),
      ...(input.status === undefined ? {} : { status: input.status }),
    });
  }
}
