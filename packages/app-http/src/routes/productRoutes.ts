// The catalog over HTTP: list and read products (any signed-in user), create and change them (admins).
import {
  available,
  memoizeByIdentity,
  type OrderService,
  type Product,
  type ProductAvailability,
  type ProductDetails,
} from "@orders/domain";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { AppEnv } from "../http/AppEnv.js";
import { adminOnly } from "../http/adminOnly.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { ADMIN_ONLY, AUTHENTICATED, errorResponses, IDEMPOTENT, JSON_BODY } from "../http/errorResponses.js";
import { idempotencyKeyParameter } from "../http/idempotencyKey.js";
import { nextPageLink, nextPageLinkHeader } from "../http/nextPageLink.js";
import { parseJsonBody } from "../http/parseJsonBody.js";
import {
  jsonResponse,
  type ProductDetailJson,
  ProductDetailResponse,
  type ProductJson,
  type ProductRecordJson,
  ProductRecordResponse,
  ProductResponse,
} from "../http/responses.js";
import {
  createProductBody,
  idParam,
  ifMatchParameter,
  parseIfMatch,
  productListQuery,
  updateProductBody,
} from "../http/schemas.js";
import { validate, validateJson } from "../http/validate.js";

type ProductUseCases = Pick<OrderService, "listProducts" | "getProduct" | "createProduct" | "updateProduct">;

/** Numeric ids only, so /products/export and /products/import stay free for their own routes. */
const PRODUCT_PATH = "/products/:id{[0-9]+}";

const etagHeader = {
  ETag: { description: '"<version>": send it as If-Match to change this version only', schema: { type: "string" } },
} as const;

/** `auth` is `authenticate`; `idempotency` honours Idempotency-Key; `currency` is every price's ISO 4217 code. */
export function productRoutes(
  service: ProductUseCases,
  auth: MiddlewareHandler<AppEnv>,
  idempotency: MiddlewareHandler<AppEnv>,
  currency: string,
) {
  const recordJson = (p: Product): ProductRecordJson => ({
    id: p.id,
    sku: p.sku,
    name: p.name,
    price_cents: p.priceCents,
    currency,
    status: p.status,
    low_stock_threshold: p.lowStockThreshold,
    version: p.version,
  });
  const productJson = (p: ProductAvailability): ProductJson => ({ ...recordJson(p), available: p.available });
  // A listing served again from the catalog cache is the same page: its body is written once.
  const listBody = memoizeByIdentity((products: readonly ProductAvailability[]): string =>
    JSON.stringify(products.map(productJson)),
  );
  const detailJson = (p: ProductDetails): ProductDetailJson => ({
    ...productJson(p),
    ...(p.levels === null
      ? {}
      : {
          levels: p.levels.map((l) => ({
            warehouse_id: l.warehouseId,
            on_hand: l.onHand,
            reserved: l.reserved,
            available: available(l),
            warehouse_status: l.warehouseStatus,
          })),
        }),
  });
  /** The stored product, with its version as a strong ETag. */
  const answerRecord = (c: Context<AppEnv>, product: Product, status: 200 | 201) => {
    c.header("ETag", `"${product.version}"`);
    return c.json(recordJson(product), status);
  };

  return new Hono<AppEnv>()
    .get(
      "/products",
      describeRoute({
        tags: ["products"],
        summary: "Products with the units available in active warehouses, by id, keyset-paged, searched and filtered",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("one page of products, by id", v.array(ProductResponse), nextPageLinkHeader),
          ...errorResponses([...AUTHENTICATED, "forbidden"], { 403: "status other than active, asked by a customer" }),
        },
      }),
      auth,
      validate("query", productListQuery),
      async (c) => {
        const query = c.req.valid("query");
        const products = await service.listProducts.execute({
          actor: c.get("actor"),
          ...(query.limit === undefined ? {} : { limit: query.limit }),
          ...(query.after_id === undefined ? {} : { afterId: query.after_id }),
          ...(query.q === undefined ? {} : { q: query.q }),
          ...(query.in_stock === undefined ? {} : { inStock: query.in_stock }),
          ...(query.status === undefined ? {} : { status: query.status }),
        });
        nextPageLink(c, products, query.limit);
        return c.body(listBody(products), 200, { "Content-Type": "application/json" });
      },
    )
    .get(
      PRODUCT_PATH,
      describeRoute({
        tags: ["products"],
        summary: "One product with its available units; an admin also sees its stock in every warehouse",
        ...bearerAuthDoc,
        responses: {
          200: jsonResponse("the product", ProductDetailResponse),
          ...errorResponses([...AUTHENTICATED, "product_not_found", "not_found"], {
            404: "no such product, or an archived one asked by a customer; not_found: the id is not digits (no route)",
          }),
        },
      }),
      auth,
      validate("param", idParam),
      async (c) => {
        const product = await service.getProduct.execute({ actor: c.get("actor"), productId: c.req.valid("param").id });
        return c.json(detailJson(product));
      },
    )
    .post(
      "/products",
      describeRoute({
        tags: ["products"],
        summary: "Admin: add a product, active at version 1; its SKU must be unique",
        ...bearerAuthDoc,
        parameters: [idempotencyKeyParameter],
        responses: {
          201: jsonResponse("the product created", ProductRecordResponse, {
            ...etagHeader,
            Location: { description: "/products/{id}", schema: { type: "string" } },
          }),
          ...errorResponses([...ADMIN_ONLY, ...JSON_BODY, ...IDEMPOTENT, "sku_taken"], {
            403: "not an admin",
            409: "another product has the SKU",
          }),
        },
      }),
      auth,
      adminOnly("create a product"),
      parseJsonBody,
      idempotency,
      validateJson(createProductBody, {
        product: {
          summary: "a keyboard at Rp 750,000, low on stock below 5",
          value: { sku: "KB-002", name: "Compact keyboard", price_cents: 750000, low_stock_threshold: 5 },
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const product = await service.createProduct.execute({
          actor: c.get("actor"),
          sku: body.sku,
          name: body.name,
          priceCents: body.price_cents,
          ...(body.low_stock_threshold === undefined ? {} : { lowStockThreshold: body.low_stock_threshold }),
        });
        c.header("Location", `/products/${product.id}`);
        return answerRecord(c, product, 201);
      },
    )
    .patch(
      PRODUCT_PATH,
      describeRoute({
        tags: ["products"],
        summary: "Admin: change name, price, status or low-stock threshold; with If-Match only from that version",
        description:
          "Every change adds 1 to the version. A new price applies to later checkouts only: existing orders keep " +
          "their unit prices. An archived product cannot be checked out (409 product_archived); its pending orders " +
          "can still be paid.",
        ...bearerAuthDoc,
        parameters: [idempotencyKeyParameter, ifMatchParameter],
        responses: {
          200: jsonResponse("the product changed", ProductRecordResponse, etagHeader),
          ...errorResponses(
            [...ADMIN_ONLY, ...JSON_BODY, ...IDEMPOTENT, "product_not_found", "not_found", "version_mismatch"],
            {
              403: "not an admin",
              404: "not_found: the id is not digits (no route)",
              412: "If-Match named a version the product no longer has: read it again",
            },
          ),
        },
      }),
      auth,
      adminOnly("change a product"),
      validate("param", idParam),
      parseJsonBody,
      idempotency,
      validateJson(updateProductBody, {
        price: { summary: "a new price", value: { price_cents: 699000 } },
        archive: { summary: "stop selling it", value: { status: "archived" } },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const ifVersion = parseIfMatch(c.req.header("If-Match"));
        const product = await service.updateProduct.execute({
          actor: c.get("actor"),
          productId: c.req.valid("param").id,
          ...(body.name === undefined ? {} : { name: body.name }),
          ...(body.price_cents === undefined ? {} : { priceCents: body.price_cents }),
          ...(body.status === undefined ? {} : { status: body.status }),
          ...(body.low_stock_threshold === undefined ? {} : { lowStockThreshold: body.low_stock_threshold }),
          ...(ifVersion === undefined ? {} : { ifVersion }),
        });
        return answerRecord(c, product, 200);
      },
    );
}
