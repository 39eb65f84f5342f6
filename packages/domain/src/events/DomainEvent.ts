// The event contract: every type the service emits, the envelope and what each type's data carries.
// The outbox triggers (migrations/006_events.up.sql) build these payloads; this file is the spec.

export const EVENT_TYPES = [
  "order.created",
  "order.paid",
  "order.cancelled",
  "order.expired",
  "stock.received",
  "stock.adjusted",
  "stock.transferred",
  "stock.low",
  "warehouse.status_changed",
  "product.created",
  "product.updated",
  "product.archived",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const isEventType = (value: unknown): value is EventType =>
  typeof value === "string" && (EVENT_TYPES as readonly string[]).includes(value);

/** What an event is about: its sequence counts per aggregate. */
export type AggregateType = "order" | "product" | "warehouse" | "stock_receipt";

export interface OrderEventData {
  readonly order_id: number;
  readonly user_id: number;
  readonly status: "pending" | "paid" | "cancelled" | "expired";
  readonly total_cents: number;
  readonly currency: string;
  readonly created_at: string;
  readonly expires_at: string;
  readonly closed_at: string | null;
  readonly items: readonly {
    readonly product_id: number;
    readonly warehouse_id: number;
    readonly quantity: number;
    readonly unit_price_cents: number;
  }[];
}

/** One stock movement that no receipt groups: an adjustment, or a receive line on its own. */
export interface StockMovementEventData {
  readonly movement_id: number;
  readonly warehouse_id: number;
  readonly product_id: number;
  readonly quantity_delta: number;
  readonly reason: string | null;
  readonly reference: string | null;
  readonly note: string | null;
  readonly actor_user_id: number | null;
}

export interface StockReceiptEventData {
  readonly receipt_id: number;
  readonly warehouse_id: number;
  readonly reference: string | null;
  readonly actor_user_id: number | null;
  readonly lines: readonly { readonly product_id: number; readonly quantity: number }[];
}

export interface StockTransferredEventData {
  readonly transfer_id: number;
  readonly product_id: number;
  readonly from_warehouse_id: number;
  readonly to_warehouse_id: number;
  readonly quantity: number;
  readonly actor_user_id: number | null;
}

export interface StockLowEventData {
  readonly product_id: number;
  /** Units available over active warehouses when it dropped below the threshold. */
  readonly available: number;
  readonly low_stock_threshold: number;
}

export interface WarehouseStatusChangedEventData {
  readonly warehouse_id: number;
  readonly name: string;
  readonly status: "active" | "inactive";
  readonly previous_status: "active" | "inactive";
}

export interface ProductEventData {
  readonly product_id: number;
  readonly sku: string;
  readonly name: string;
  readonly price_cents: number;
  readonly currency: string;
  readonly status: "active" | "archived";
  readonly low_stock_threshold: number;
  readonly version: number;
}

/** Per type, its aggregate and its data. */
export interface EventPayloads {
  "order.created": { aggregate: "order"; data: OrderEventData };
  "order.paid": { aggregate: "order"; data: OrderEventData };
  "order.cancelled": { aggregate: "order"; data: OrderEventData };
  "order.expired": { aggregate: "order"; data: OrderEventData };
  "stock.received": { aggregate: "stock_receipt" | "product"; data: StockReceiptEventData | StockMovementEventData };
  "stock.adjusted": { aggregate: "product"; data: StockMovementEventData };
  "stock.transferred": { aggregate: "product"; data: StockTransferredEventData };
  "stock.low": { aggregate: "product"; data: StockLowEventData };
  "warehouse.status_changed": { aggregate: "warehouse"; data: WarehouseStatusChangedEventData };
  "product.created": { aggregate: "product"; data: ProductEventData };
  "product.updated": { aggregate: "product"; data: ProductEventData };
  "product.archived": { aggregate: "product"; data: ProductEventData };
}

/**
 * One event as every sink carries it (webhook body, NATS message, feed entry). `id` is a UUID,
 * unique across databases and stable forever; `sequence` increases by one per aggregate.
 */
export type DomainEvent = {
  [T in EventType]: {
    readonly id: string;
    readonly type: T;
    readonly occurred_at: string;
    readonly aggregate: { readonly type: EventPayloads[T]["aggregate"]; readonly id: number };
    readonly sequence: number;
    readonly data: EventPayloads[T]["data"];
  };
}[EventType];
