import type { OrderService } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { adminOnly } from "../http/adminOnly.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { ADMIN_ONLY, errorResponses, IDEMPOTENT, JSON_BODY } from "../http/errorResponses.js";
import { idempotencyKeyParameter } from "../http/idempotencyKey.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import { jsonResponse, type TransferJson, TransferResponse } from "../http/responses.js";
import { transferBody } from "../http/schemas.js";
import { validateJson } from "../http/validate.js";

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
        200: jsonResponse("the transfer made", TransferResponse),
        ...errorResponses(
          [
            ...ADMIN_ONLY,
            ...JSON_BODY,
            ...IDEMPOTENT,
            "product_not_found",
            "warehouse_not_found",
            "insufficient_stock",
            "warehouse_inactive",
          ],
          { 403: "not an admin", 409: "insufficient_stock counts the units available in the source warehouse" },
        ),
      },
    }),
    auth,
    adminOnly("transfer stock"),
    parseJsonBody,
    idempotency,
    validateJson(transferBody, {
      transfer: {
        summary: "move 5 units of product 1 from warehouse 1 to 2",
        value: { from_warehouse_id: 1, to_warehouse_id: 2, product_id: 1, quantity: 5 },
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const transfer = await service.transferStock.execute({
        actor: c.get("actor"),
        fromWarehouseId: body.from_warehouse_id,
        toWarehouseId: body.to_warehouse_id,
        productId: body.product_id,
        quantity: body.quantity,
      });
      const json: TransferJson = {
        transfer_id: transfer.transferId,
        from_warehouse_id: transfer.fromWarehouseId,
        to_warehouse_id: transfer.toWarehouseId,
        product_id: transfer.productId,
        quantity: transfer.quantity,
      };
      return c.json(json);
    },
  );
}
