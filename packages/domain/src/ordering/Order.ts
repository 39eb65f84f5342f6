export const ORDER_STATUSES = ["pending", "paid", "expired", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** The statuses a pending order can move to; no other move exists. */
export type ClosedOrderStatus = Exclude<OrderStatus, "pending">;

/** One reserved line: a quantity of a product held in one warehouse at a fixed unit price. */
export interface OrderLine {
  readonly productId: number;
  readonly warehouseId: number;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface Order {
  readonly id: number;
  readonly userId: number;
  readonly status: OrderStatus;
  readonly totalCents: number;
  readonly lines: readonly OrderLine[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** When the order left `pending` (paid, expired or cancelled); null while pending. */
  readonly closedAt: Date | null;
}

export const isOverdue = (order: Pick<Order, "expiresAt">, now: Date): boolean =>
  now.getTime() >= order.expiresAt.getTime();
