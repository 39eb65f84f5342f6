// Bulk catalog routes: POST /products/import (CSV or JSON, all or nothing) and GET /products/export (streamed CSV).
import { type ExportRow, IMPORT_COLUMNS, type ImportRowInput, type OrderService } from "@orders/domain";
import { Hono, type MiddlewareHandler } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import type { Logger } from "pino";
import * as v from "valibot";
import type { AppEnv } from "../http/AppEnv.js";
import { adminOnly } from "../http/adminOnly.js";
import { bearerAuthDoc } from "../http/authenticate.js";
import { ADMIN_ONLY, errorResponses } from "../http/errorResponses.js";
import { HttpError } from "../http/HttpError.js";
import { csvImportRows, IMPORT_BODY_LIMIT_BYTES, jsonImportRows } from "../http/importRows.js";
import { type ImportReportJson, ImportReportResponse, jsonResponse } from "../http/responses.js";
import { validate } from "../http/validate.js";

/** The route whose body limit is its own (IMPORT_BODY_LIMIT_BYTES); createApp skips the app's limit for it. */
export const IMPORT_PATH = "/products/import";

const importQuery = v.object({
  dry_run: v.optional(
    v.pipe(
      v.picklist(["true", "false"], "must be true or false"),
      v.transform((text) => text === "true"),
      v.boolean(),
    ),
  ),
});

const mediaTypeOf = (c: { req: { header(name: string): string | undefined } }) =>
  (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/** One CSV field, quoted when it holds a comma, a quote, a line break or a space at either end (RFC 4180). */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (r: ExportRow) =>
  `${[r.sku, r.name, r.priceCents, r.warehouseId, r.onHand].map(csvField).join(",")}\r\n`;

const importExample =
  'sku,name,price_cents,warehouse_id,on_hand\r\nMUG-1,Mug,1299,1,40\r\nTEE-1,"Tee, black",2500,1,12\r\n';

/** `auth` is `authenticate`; both routes are the admin's, checked before the body is read. */
export function importRoutes(
  service: Pick<OrderService, "importProducts" | "exportProducts">,
  auth: MiddlewareHandler<AppEnv>,
  logger: Logger,
) {
  return new Hono<AppEnv>()
    .post(
      IMPORT_PATH,
      describeRoute({
        tags: ["products"],
        summary: "Admin: create and update products by SKU and set stock counts, from CSV or JSON, all or nothing",
        description:
          "Upsert by SKU: a new SKU is created (status active), an existing one gets the name and price (version + 1 when either changed). " +
          "`warehouse_id` with `on_hand` sets that warehouse's count through an `adjust` movement with reason `import` (delta = count - locked on_hand); a count below the row's reserved units is refused. " +
          "A SKU may repeat only on lines of other warehouses with the same name and price. " +
          `One refused line refuses the whole import (422, nothing written). At most 100,000 rows and ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MiB (this route's own limit). ` +
          "Imports run one at a time. `dry_run=true` runs every check, against the stored data too, and writes nothing. An import is an upsert of values, so sending it again changes nothing more: it takes no Idempotency-Key.",
        ...bearerAuthDoc,
        requestBody: {
          required: true,
          content: {
            "text/csv": {
              schema: { type: "string" },
              example: importExample,
            },
            "application/json": {
              examples: {
                create: {
                  summary: "two products, one with 40 units in warehouse 1",
                  value: [
                    { sku: "MUG-1", name: "Mug", price_cents: 1299, warehouse_id: 1, on_hand: 40 },
                    { sku: "TEE-1", name: "Tee, black", price_cents: 2500 },
                  ],
                },
              },
              schema: {
                type: "array",
                items: {
                  type: "object",
                  additionalProperties: false,
                  required: ["sku", "name", "price_cents"],
                  properties: {
                    sku: { type: "string" },
                    name: { type: "string" },
                    price_cents: { type: "integer", minimum: 0 },
                    warehouse_id: { type: "integer", minimum: 1 },
                    on_hand: { type: "integer", minimum: 0 },
                  },
                },
              },
            },
          },
        },
        responses: {
          200: jsonResponse("every line accepted: what was written (or would be, dry run)", ImportReportResponse),
          ...errorResponses(
            [...ADMIN_ONLY, "invalid_json", "payload_too_large", "unsupported_media_type", "import_rejected"],
            {
              400: "a bad dry_run, JSON that does not parse or is not an array",
              413: `the body is over ${IMPORT_BODY_LIMIT_BYTES} bytes`,
              415: "Content-Type is neither text/csv nor application/json",
              422: "some lines were refused (`errors`: line, field, error); nothing was written",
            },
          ),
        },
      }),
      auth,
      adminOnly("import products"),
      validate("query", importQuery),
      async (c) => {
        const mediaType = mediaTypeOf(c);
        let rows: AsyncIterable<ImportRowInput> | Iterable<ImportRowInput>;
        if (mediaType === "text/csv") rows = csvImportRows(c.req.raw);
        else if (mediaType === "application/json") rows = await jsonImportRows(c.req.raw);
        else {
          throw new HttpError("unsupported_media_type", "send the import as text/csv or application/json", {
            media_types: ["text/csv", "application/json"],
          });
        }
        const report = await service.importProducts.execute({
          actor: c.get("actor"),
          rows,
          dryRun: c.req.valid("query").dry_run ?? false,
        });
        const json: ImportReportJson = {
          dry_run: report.dryRun,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          stock_set: report.stockSet,
          errors: [],
        };
        return c.json(json);
      },
    )
    .get(
      "/products/export",
      describeRoute({
        tags: ["products"],
        summary: "Admin: every product with its stock rows as CSV in the import's format, streamed",
        description:
          "One line per product and warehouse that holds a stock row for it (`on_hand` as stored), or one line with empty warehouse_id and on_hand for a product without stock. " +
          "Ordered by product id, then warehouse id; archived products included. Read in keyset pages while it is written: the catalog is never held in memory. " +
          "Importing the file again changes nothing.",
        ...bearerAuthDoc,
        responses: {
          200: {
            description: `CSV with the header ${IMPORT_COLUMNS.join(",")}, CRLF line ends`,
            headers: {
              "Content-Disposition": { description: 'attachment; filename="products.csv"', schema: { type: "string" } },
            },
            content: { "text/csv": { schema: resolver(v.string()) } },
          },
          ...errorResponses([...ADMIN_ONLY]),
        },
      }),
      auth,
      adminOnly("export products"),
      async (c) => {
        const pages = service.exportProducts.execute({ actor: c.get("actor") })[Symbol.asyncIterator]();
        // The first page is read before answering, so a database failure is still a proper 503.
        const first = await pages.next();
        const encoder = new TextEncoder();
        let pending: IteratorResult<readonly ExportRow[]> | null = first;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(`${IMPORT_COLUMNS.join(",")}\r\n`));
          },
          // One page per pull: a slow client holds one page, never the catalog.
          async pull(controller) {
            try {
              const next = pending ?? (await pages.next());
              pending = null;
              if (next.done === true) return controller.close();
              controller.enqueue(encoder.encode(next.value.map(csvLine).join("")));
            } catch (error) {
              logger.error({ err: error, request_id: c.get("requestId") }, "export failed mid-stream");
              controller.error(error);
            }
          },
          async cancel() {
            await pages.return?.();
          },
        });
        return c.body(body, 200, {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": 'attachment; filename="products.csv"',
        });
      },
    );
}
