import { ORDER_STATUSES, PRODUCT_STATUSES, ROLES, USER_STATUSES, WAREHOUSE_STATUSES } from "@orders/domain";
import { type ResponsesWithResolver, resolver } from "hono-openapi";
import * as v from "valibot";
import { type ErrorCode, errorStatus } from "./errorStatus.js";

// Every JSON body the API answers, once. /openapi.json documents them (each named one becomes a
// `components.schemas` entry through its `ref`), the serializers are typed by their outputs, so a
// field added to one and not the other fails the typecheck, and the test suites check every
// response they receive against the document (test/openApiDrift.ts).

const id = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const cents = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const timestamp = v.pipe(v.string(), v.isoTimestamp());
const currency = v.pipe(
  v.string(),
  v.regex(/^[A-Z]{3}$/),
  v.description("ISO 4217 code of every amount: the service's one CURRENCY"),
  v.metadata({ example: "IDR" }),
);
const named = <Schema extends v.GenericSchema>(ref: string, schema: Schema, description: string) =>
  v.pipe(schema, v.metadata({ ref }), v.description(description));

const orderItem = v.strictObject({
  product_id: id,
  warehouse_id: id,
  quantity: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  unit_price_cents: cents,
});

const orderFields = v.strictObject({
  order_id: id,
  user_id: id,
  status: v.picklist(ORDER_STATUSES),
  total_cents: cents,
  currency,
  created_at: timestamp,
  /** When the reservation lapses if the order is not paid. */
  expires_at: timestamp,
  closed_at: v.nullable(timestamp),
  items: v.array(named("OrderItem", orderItem, "one reserved line: a quantity of a product in one warehouse")),
});

export const OrderResponse = named("Order", orderFields, "an order; closed_at is null while it is pending");

export const PlacedOrderResponse = named(
  "PlacedOrder",
  v.pick(orderFields, ["order_id", "status", "expires_at", "total_cents", "currency", "items"]),
  "the pending order checkout created; pay it before expires_at",
);

export const PaidOrderResponse = named(
  "PaidOrder",
  v.pick(orderFields, ["order_id", "status", "total_cents", "currency"]),
  "the order, now paid",
);

export const CancelledOrderResponse = named(
  "CancelledOrder",
  v.pick(orderFields, ["order_id", "status"]),
  "the order, now cancelled; its reserved units are available again",
);

const productFields = v.strictObject({
  id,
  sku: v.string(),
  name: v.string(),
  price_cents: cents,
  currency,
  status: v.picklist(PRODUCT_STATUSES),
  /** Available units below this count as low stock; 0: never. */
  low_stock_threshold: count,
  version: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.description('send it back as If-Match: "<version>"')),
});

export const ProductRecordResponse = named(
  "ProductRecord",
  productFields,
  'a product as stored; the ETag header is "<version>"',
);

export const ProductResponse = named(
  "Product",
  v.strictObject({ ...productFields.entries, available: count }),
  "a product with the units available in active warehouses",
);

export const ProductDetailResponse = named(
  "ProductDetail",
  v.strictObject({
    ...productFields.entries,
    available: count,
    levels: v.optional(
      v.pipe(
        v.array(
          named(
            "ProductStockLevel",
            v.strictObject({
              warehouse_id: id,
              on_hand: count,
              reserved: count,
              available: count,
              warehouse_status: v.picklist(WAREHOUSE_STATUSES),
            }),
            "units of the product in one warehouse: available = on_hand - reserved",
          ),
        ),
        v.description("admins only: every warehouse holding the product, by warehouse id"),
      ),
    ),
  }),
  "a product with the units available in active warehouses; for an admin, its stock per warehouse",
);

const warehouseFields = v.strictObject({
  id,
  name: v.string(),
  status: v.picklist(WAREHOUSE_STATUSES),
  /** Lower serves first when checkout picks warehouses. */
  priority: v.pipe(v.number(), v.safeInteger()),
});

export const WarehouseResponse = named(
  "Warehouse",
  warehouseFields,
  "a warehouse; checkout takes stock from active ones, lowest priority first",
);

export const WarehouseStatusResponse = named(
  "WarehouseStatus",
  v.pick(warehouseFields, ["id", "name", "status"]),
  "the warehouse with its new status",
);

export const WarehouseStockResponse = named(
  "WarehouseStock",
  v.strictObject({
    ...v.pick(warehouseFields, ["id", "name", "status"]).entries,
    stock: v.array(
      named(
        "StockLevel",
        v.strictObject({ product_id: id, on_hand: count, reserved: count, available: count }),
        "units of one product in the warehouse: available = on_hand - reserved",
      ),
    ),
  }),
  "a warehouse's stock, one level per product",
);

export const LoginResponse = named(
  "Login",
  v.strictObject({
    token: v.string(),
    token_type: v.literal("Bearer"),
    expires_in: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.description("seconds")),
  }),
  "a bearer token: send it as `Authorization: Bearer <token>`",
);

export const TransferResponse = named(
  "Transfer",
  v.strictObject({ transfer_id: id, from_warehouse_id: id, to_warehouse_id: id, product_id: id, quantity: count }),
  "the stock movement made",
);

export const UserResponse = named(
  "User",
  v.strictObject({
    id,
    email: v.nullable(v.string()),
    phone: v.nullable(v.string()),
    role: v.picklist(ROLES),
    status: v.picklist(USER_STATUSES),
  }),
  "a user; email or phone (or both) logs them in; a disabled user cannot log in",
);

export const HealthResponse = named("Health", v.strictObject({ status: v.literal("ok") }), "the process is up");

const checkStates = v.record(v.string(), v.picklist(["up", "down"]));

export const ReadinessResponse = named(
  "Readiness",
  v.strictObject({ status: v.picklist(["ready", "degraded"]), checks: checkStates }),
  'each dependency up or down; "degraded" when only an optional one (Redis) is down',
);

const ERROR_CODES = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

/**
 * `{"error": "<readable message>", "code": "<stable_code>", ...details}`: the details depend on
 * the code (the ones a client can act on are listed), and more may be added.
 */
export const ErrorResponse = named(
  "Error",
  v.looseObject({
    error: v.pipe(v.string(), v.description("readable message")),
    code: v.pipe(v.picklist(ERROR_CODES), v.description("stable code")),
    field: v.optional(
      v.pipe(
        v.string(),
        v.description(
          "invalid_input: the bad field, e.g. items[0].quantity; login_taken: email or phone; wrong_password: current_password",
        ),
      ),
    ),
    retry_after_seconds: v.optional(
      v.pipe(
        count,
        v.description("too_many_login_attempts, rate_limited, idempotency_key_in_flight, storage_unavailable"),
      ),
    ),
    limit: v.optional(v.pipe(count, v.description("rate_limited: checkouts allowed per user in 10 s"))),
    limit_bytes: v.optional(v.pipe(count, v.description("payload_too_large: the largest body accepted"))),
    product_id: v.optional(id),
    sku: v.optional(v.pipe(v.string(), v.description("sku_taken: the SKU asked for"))),
    warehouse_id: v.optional(id),
    order_id: v.optional(id),
    user_id: v.optional(v.pipe(id, v.description("user_not_found, last_admin: the user"))),
    requested: v.optional(v.pipe(count, v.description("insufficient_stock: units asked for"))),
    available: v.optional(v.pipe(count, v.description("insufficient_stock: units there are"))),
    status: v.optional(v.pipe(v.string(), v.description("order_not_payable, order_not_cancellable: the order's"))),
    expires_at: v.optional(v.pipe(timestamp, v.description("reservation_expired: when it lapsed"))),
    checks: v.optional(v.pipe(checkStates, v.description("GET /readyz: each dependency up or down"))),
  }),
  "an error; `code` is stable, `error` is for people",
);

export type OrderJson = v.InferOutput<typeof OrderResponse>;
export type ProductJson = v.InferOutput<typeof ProductResponse>;
export type ProductRecordJson = v.InferOutput<typeof ProductRecordResponse>;
export type ProductDetailJson = v.InferOutput<typeof ProductDetailResponse>;
export type WarehouseJson = v.InferOutput<typeof WarehouseResponse>;
export type WarehouseStatusJson = v.InferOutput<typeof WarehouseStatusResponse>;
export type WarehouseStockJson = v.InferOutput<typeof WarehouseStockResponse>;
export type PlacedOrderJson = v.InferOutput<typeof PlacedOrderResponse>;
export type PaidOrderJson = v.InferOutput<typeof PaidOrderResponse>;
export type CancelledOrderJson = v.InferOutput<typeof CancelledOrderResponse>;
export type LoginJson = v.InferOutput<typeof LoginResponse>;
export type TransferJson = v.InferOutput<typeof TransferResponse>;
export type UserJson = v.InferOutput<typeof UserResponse>;

type ResponseObject = ResponsesWithResolver[string];

/** A documented JSON answer, e.g. `200: jsonResponse("the order", OrderResponse)`. */
export function jsonResponse(
  description: string,
  schema: v.GenericSchema,
  headers?: Extract<ResponseObject, { description: string }>["headers"],
): ResponseObject {
  return {
    description,
    ...(headers === undefined ? {} : { headers }),
    content: { "application/json": { schema: resolver(schema) } },
  };
}
