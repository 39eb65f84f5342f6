// Warehouses over HTTP: list them (any signed-in user); create, change, switch and read stock (admins).
import { available, type OrderService, type Warehouse } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../http/AppEnv.js";
import { adminOnly } from "../http/adminOnly.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { ADMIN_ONLY, AUTHENTICATED, errorResponses, IDEMPOTENT, JSON_BODY } from "../http/errorResponses.js";
import { idempotencyKeyParameter } from "../http/idempotencyKey.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import {
  jsonResponse,
  type WarehouseJson,
  WarehouseResponse,
  type WarehouseStatusJson,
  WarehouseStatusResponse,
  type WarehouseStockJson,
  WarehouseStockResponse,
} from "../http/responses.js";
import { createWarehouseBody, idParam, updateWarehouseBody, warehouseStatusBody } from "../http/schemas.js";
import { validate, validateJson } from "../http/validate.js";

type WarehouseUseCases = Pick<
  OrderService,
  "listWarehouses" | "getWarehouseStock" | "setWarehouseStatus" | "createWarehouse" | "updateWarehouse"
>;

const warehouseJson = (w: Warehouse): WarehouseJson => ({
  id: w.id,
  name: w.name,
  status: w.status,
  priority: w.priority,
});

/**
 * `auth` is `authenticate`; the admin routes check the role before reading any input.
 * `idempotency` honours Idempotency-Key on the create and the change.
 */
export function warehouseRoutes(
  service: WarehouseUseCases,
  auth: MiddlewareHandler<AppEnv>,
  idempotency: MiddlewareHandler<AppEnv>,
) {
  return new Hono<AppEnv>()
    .post(
      "/warehouses",
      describeRoute({
        tags: ["warehouses"],
        summary: "Admin: open a warehouse; without a priority it serves after every existing one",
        ...bearerAuthDoc,
        parameters: [idempotencyKeyParameter],
        responses: {
          201: jsonResponse("the warehouse created", WarehouseResponse, {
            Location: { description: "/warehouses/{id}/stock", schema: { type: "string" } },
          }),
          ...errorResponses([...ADMIN_ONLY, ...JSON_BODY, ...IDEMPOTENT], { 403: "not an admin" }),
        },
      }),
      auth,
      adminOnly("create a warehouse"),
      parseJsonBody,
      idempotency,
      validateJson(createWarehouseBody, {
        last: { summary: "served after the others", value: { name: "Bandung" } },
        first: {
          summary: "served first, not yet taking orders",
          value: { name: "Bali", priority: 0, status: "inactive" },
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const warehouse = await service.createWarehouse.execute({
          actor: c.get("actor"),
          name: body.name,
          ...(body.priority === undefined ? {} : { priority: body.priority }),
          ...(body.status === undefined ? {} : { status: body.status }),
        });
        c.header("Location", `/warehouses/${warehouse.id}/stock`);
        return c.json(warehouseJson(warehouse), 201);
      },
    )
    .patch(
      "/warehouses/:id{[0-9]+}",
      describeRoute({
        tags: ["warehouses"],
        summary: "Admin: rename a warehouse or change its priority (the next checkout plans with it)",
        ...bearerAuthDoc,
        parameters: [idempotencyKeyParameter],
        responses: {
          200: jsonResponse("the warehouse changed", WarehouseResponse),
          ...errorResponses([...ADMIN_ONLY, ...JSON_BODY, ...IDEMPOTENT, "warehouse_not_found"], {
            403: "not an admin",
          }),
        },
      }),
      auth,
      adminOnly("change a warehouse"),
      validate("param", idParam),
      parseJsonBody,
      idempotency,
      validateJson(updateWarehouseBody, {
        priority: { summary: "serve first", value: { priority: 0 } },
        rename: { summary: "a new name", value: { name: "Surabaya Timur" } },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const warehouse = await service.updateWarehouse.execute({
          actor: c.get("actor"),
          warehouseId: c.req.valid("param").id,
          ...(body.name === undefined ? {} : { name: body.name }),
          ...(body.priority === undefined ? {} : { priority: body.priority }),
        });
        return c.json(warehouseJson(warehouse));
      },
    )
    .post(
      "/warehouse/:id/update-status",
      describeRoute({
        tags: ["warehouses"],
        summary: 'Admin: switch a warehouse "active" or "inactive" ("deactive" accepted)',
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("the warehouse with its new status", WarehouseStatusResponse),
          ...errorResponses([...ADMIN_ONLY, ...JSON_BODY, "warehouse_not_found"], { 403: "not an admin" }),
        },
      }),
      auth,
      adminOnly("change a warehouse's status"),
      validate("param", idParam),
      parseJsonBody,
      validateJson(warehouseStatusBody, {
        active: { summary: "take orders from it", value: { status: "active" } },
        inactive: { summary: "stop taking orders from it", value: { status: "inactive" } },
      }),
      async (c) => {
        const { status } = c.req.valid("json");
        const warehouse = await service.setWarehouseStatus.execute({
          actor: c.get("actor"),
          warehouseId: c.req.valid("param").id,
          status: status === "deactive" ? "inactive" : status,
        });
        const json: WarehouseStatusJson = { id: warehouse.id, name: warehouse.name, status: warehouse.status };
        return c.json(json);
      },
    )
    .get(
      "/warehouses",
      describeRoute({
        tags: ["warehouses"],
        summary: "Every warehouse with its status, in the order checkout prefers them",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("every warehouse, in the order checkout prefers them", v.array(WarehouseResponse)),
          ...errorResponses([...AUTHENTICATED]),
        },
      }),
      auth,
      async (c) => {
        const warehouses = await service.listWarehouses.execute();
        return c.json(warehouses.map(warehouseJson));
      },
    )
    .get(
      "/warehouses/:id/stock",
      describeRoute({
        tags: ["warehouses"],
        summary: "Admin: on-hand, reserved and available units per product in one warehouse",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("the warehouse and its stock levels", WarehouseStockResponse),
          ...errorResponses([...ADMIN_ONLY, "warehouse_not_found"], { 403: "not an admin" }),
        },
      }),
      auth,
      adminOnly("read warehouse stock"),
      validate("param", idParam),
      async (c) => {
        const { warehouse, levels } = await service.getWarehouseStock.execute({
          actor: c.get("actor"),
          warehouseId: c.req.valid("param").id,
        });
        const json: WarehouseStockJson = {
          id: warehouse.id,
          name: warehouse.name,
          status: warehouse.status,
          stock: levels.map((l) => ({
            product_id: l.productId,
            on_hand: l.onHand,
            reserved: l.reserved,
            available: available(l),
          })),
        };
        return c.json(json);
      },
    );
}
