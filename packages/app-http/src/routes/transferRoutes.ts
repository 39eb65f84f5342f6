import type { OrderService } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { adminOnly } from "../http/adminOnly.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { idempotencyKeyParameter, idempotencyKeyReusedResponse } from "../http/idempotencyKey.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import { transferBody } from "../http/schemas.js";
import { validate } from "../http/validate.js";

/**
 * POST / on the transfer resource; mounted at /transfer and at /transfer-product. `auth` is
 * `authenticate`; `idempotency` honours the Idempotency-Key header.
 */
export function transferRoutes(
  service: Pick<OrderService, "transferStock">,
  auth: MiddlewareHandler<AppEnv>,
  idempotency: MiddlewareHandler<AppEnv>,
) {
  return new Hono<AppEnv>().post(
    "/",
    describeRoute({
      tags: ["warehouses"],
      summary: "Admin: move available units of a product between two active warehouses",
      ...bearerAuthDoc,
      parameters: [idempotencyKeyParameter],
      responses: {
        200: { description: "{transfer_id, from_warehouse_id, to_warehouse_id, product_id, quantity}" },
        403: { description: "not an admin" },
        409: { description: "insufficient_stock, warehouse_inactive or idempotency_key_in_flight" },
        ...idempotencyKeyReusedResponse,
      },
    }),
    auth,
    adminOnly("transfer stock"),
    parseJsonBody,
    idempotency,
    validate("json", transferBody),
    async (c) => {
      const body = c.req.valid("json");
      const transfer = await service.transferStock.execute({
        actor: c.get("actor"),
        fromWarehouseId: body.from_warehouse_id,
        toWarehouseId: body.to_warehouse_id,
        productId: body.product_id,
        quantity: body.quantity,
      });
      return c.json({
        transfer_id: transfer.transferId,
        from_warehouse_id: transfer.fromWarehouseId,
        to_warehouse_id: transfer.toWarehouseId,
        product_id: transfer.productId,
        quantity: transfer.quantity,
      });
    },
  );
}
