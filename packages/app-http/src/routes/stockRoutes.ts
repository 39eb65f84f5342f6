// Stock an admin books in (receipts), corrects (adjustments and counts), and the ledger they read back.
import { available, type OrderService, type StockMovement } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../http/AppEnv.js";
import { adminOnly } from "../http/adminOnly.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { ADMIN_ONLY, errorResponses, IDEMPOTENT, JSON_BODY } from "../http/errorResponses.js";
import { idempotencyKeyParameter } from "../http/idempotencyKey.js";
import { nextPageLink, nextPageLinkHeader } from "../http/nextPageLink.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import {
  jsonResponse,
  type StockMovementJson,
  StockMovementResponse,
  type StockReceiptJson,
  StockReceiptResponse,
  type StockRowLevelJson,
  StockRowLevelResponse,
} from "../http/responses.js";
import { adjustmentBody, movementsQuery, receiptBody } from "../http/schemas.js";
import { validate, validateJson } from "../http/validate.js";

type StockUseCases = Pick<OrderService, "receiveStock" | "adjustStock" | "listMovements">;

const movementJson = (m: StockMovement): StockMovementJson => ({
  id: m.id,
  kind: m.kind,
  warehouse_id: m.warehouseId,
  product_id: m.productId,
  on_hand_delta: m.onHandDelta,
  reserved_delta: m.reservedDelta,
  order_id: m.orderId,
  transfer_id: m.transferId,
  receipt_id: m.receiptId,
  actor_user_id: m.actorUserId,
  reason: m.reason,
  reference: m.reference,
  note: m.note,
  created_at: m.createdAt.toISOString(),
});

/**
 * POST /stock/receipts, POST /stock/adjustments, GET /stock/movements; admin only, the role
 * checked before any input is read. `auth` is `authenticate`; `idempotency` honours the
 * Idempotency-Key header on the writes.
 */
export function stockRoutes(
  service: StockUseCases,
  auth: MiddlewareHandler<AppEnv>,
  idempotency: MiddlewareHandler<AppEnv>,
) {
  return new Hono<AppEnv>()
    .post(
      "/stock/receipts",
      describeRoute({
        tags: ["stock"],
        summary: "Admin: book goods in; on_hand rises by every line, all lines or none",
        ...bearerAuthDoc,
        parameters: [idempotencyKeyParameter],
        responses: {
          201: jsonResponse("the receipt", StockReceiptResponse),
          ...errorResponses(
            [
              ...ADMIN_ONLY,
              ...JSON_BODY,
              ...IDEMPOTENT,
              "warehouse_not_found",
              "product_not_found",
              "stock_limit_exceeded",
            ],
            {
              400: "also a product named on two lines",
              403: "not an admin",
              404: "the first unknown product is named",
              409: "a line would take on_hand above 2147483647",
            },
          ),
        },
      }),
      auth,
      adminOnly("receive stock"),
      parseJsonBody,
      idempotency,
      validateJson(receiptBody, {
        receipt: {
          summary: "10 units of product 1 and 5 of product 2 arrive at warehouse 1",
          value: {
            warehouse_id: 1,
            lines: [
              { product_id: 1, quantity: 10 },
              { product_id: 2, quantity: 5 },
            ],
            reference: "PO-2026-0042",
          },
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const receipt = await service.receiveStock.execute({
          actor: c.get("actor"),
          warehouseId: body.warehouse_id,
          lines: body.lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })),
          ...(body.reference === undefined ? {} : { reference: body.reference }),
        });
        const json: StockReceiptJson = {
          receipt_id: receipt.receiptId,
          warehouse_id: receipt.warehouseId,
          lines: receipt.lines.map((l) => ({ product_id: l.productId, quantity: l.quantity })),
          reference: receipt.reference,
        };
        return c.json(json, 201);
      },
    )
    .post(
      "/stock/adjustments",
      describeRoute({
        tags: ["stock"],
        summary: "Admin: set on_hand to a count, or move it by a delta, with a reason",
        ...bearerAuthDoc,
        parameters: [idempotencyKeyParameter],
        responses: {
          200: jsonResponse("the stock after the adjustment", StockRowLevelResponse),
          ...errorResponses(
            [
              ...ADMIN_ONLY,
              ...JSON_BODY,
              ...IDEMPOTENT,
              "warehouse_not_found",
              "product_not_found",
              "insufficient_stock",
              "stock_limit_exceeded",
            ],
            {
              400: "also neither or both of counted_quantity and delta",
              403: "not an admin",
              409: "insufficient_stock: on_hand would fall below the units customers have reserved (requested: units removed, available: units not reserved)",
            },
          ),
        },
      }),
      auth,
      adminOnly("adjust stock"),
      parseJsonBody,
      idempotency,
      validateJson(adjustmentBody, {
        count: {
          summary: "a stocktake found 42 units of product 1 in warehouse 1",
          value: { warehouse_id: 1, product_id: 1, reason: "count", counted_quantity: 42 },
        },
        damaged: {
          summary: "3 units of product 1 were damaged",
          value: { warehouse_id: 1, product_id: 1, reason: "damaged", delta: -3, note: "dropped by the forklift" },
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const level = await service.adjustStock.execute({
          actor: c.get("actor"),
          warehouseId: body.warehouse_id,
          productId: body.product_id,
          reason: body.reason,
          ...(body.counted_quantity === undefined ? {} : { countedQuantity: body.counted_quantity }),
          ...(body.delta === undefined ? {} : { delta: body.delta }),
          ...(body.note === undefined ? {} : { note: body.note }),
        });
        const json: StockRowLevelJson = {
          warehouse_id: level.warehouseId,
          product_id: level.productId,
          on_hand: level.onHand,
          reserved: level.reserved,
          available: available(level),
        };
        return c.json(json);
      },
    )
    .get(
      "/stock/movements",
      describeRoute({
        tags: ["stock"],
        summary: "Admin: the stock ledger, oldest first, filtered and keyset-paged by id",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("one page of movements, by id", v.array(StockMovementResponse), nextPageLinkHeader),
          ...errorResponses([...ADMIN_ONLY], {
            400: "also an unknown or repeated query parameter, or until not after since",
            403: "not an admin",
          }),
        },
      }),
      auth,
      adminOnly("read the stock ledger"),
      validate("query", movementsQuery),
      async (c) => {
        const q = c.req.valid("query");
        const movements = await service.listMovements.execute({
          actor: c.get("actor"),
          ...(q.warehouse_id === undefined ? {} : { warehouseId: q.warehouse_id }),
          ...(q.product_id === undefined ? {} : { productId: q.product_id }),
          ...(q.order_id === undefined ? {} : { orderId: q.order_id }),
          ...(q.kind === undefined ? {} : { kind: q.kind }),
          ...(q.since === undefined ? {} : { since: new Date(q.since) }),
          ...(q.until === undefined ? {} : { until: new Date(q.until) }),
          ...(q.limit === undefined ? {} : { limit: q.limit }),
          ...(q.after_id === undefined ? {} : { afterId: q.after_id }),
        });
        nextPageLink(c, movements, q.limit);
        return c.json(movements.map(movementJson));
      },
    );
}
