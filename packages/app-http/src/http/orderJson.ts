import type { Order } from "@orders/domain";
import type { OrderJson } from "./responses.js";

/**
 * An order as the API shows it (OrderResponse): snake_case, ISO dates, one item per reserved line,
 * its amounts in `currency` (the service's one CURRENCY).
 */
export function orderJson(order: Order, currency: string): OrderJson {
  return {
    order_id: order.id,
    user_id: order.userId,
    status: order.status,
    total_cents: order.totalCents,
    currency,
    created_at: order.createdAt.toISOString(),
    expires_at: order.expiresAt.toISOString(),
    closed_at: order.closedAt === null ? null : order.closedAt.toISOString(),
    items: order.lines.map((line) => ({
      product_id: line.productId,
      warehouse_id: line.warehouseId,
      quantity: line.quantity,
      unit_price_cents: line.unitPriceCents,
    })),
  };
}
