import { type Actor, isAdmin } from "../identity/User.js";
import type { Orders } from "../ports/Orders.js";
import { OrderNotFoundError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import type { Order } from "./Order.js";

/** An order its owner or an admin may see; to anyone else it does not exist. */
export class GetOrder {
  constructor(private readonly orders: Orders) {}

  async execute(input: { readonly actor: Actor; readonly orderId: number }): Promise<Order> {
    const orderId = parseId(input.orderId, "order_id");
    const order = await this.orders.findById(orderId);
    if (order === null || (order.userId !== input.actor.userId && !isAdmin(input.actor))) {
      throw new OrderNotFoundError(orderId);
    }
    return order;
  }
}
