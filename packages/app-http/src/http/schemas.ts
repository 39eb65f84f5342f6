import {
  DEFAULT_PAGE_LIMIT,
  EMAIL_MESSAGE,
  ID_MESSAGE,
  InvalidInputError,
  MAX_LOGIN_LENGTH,
  MAX_LOW_STOCK_THRESHOLD,
  MAX_ORDER_LINES,
  MAX_PAGE_LIMIT,
  MAX_PASSWORD_LENGTH,
  MAX_PRICE_CENTS,
  MAX_PRODUCT_NAME_LENGTH,
  MAX_PRODUCT_SEARCH_LENGTH,
  MAX_PRODUCT_VERSION,
  MAX_QUANTITY,
  MAX_SKU_LENGTH,
  MAX_WAREHOUSE_NAME_LENGTH,
  MAX_WAREHOUSE_PRIORITY,
  MIN_PASSWORD_LENGTH,
  MIN_QUANTITY,
  MIN_WAREHOUSE_PRIORITY,
  ORDER_STATUSES,
  PAGE_LIMIT_MESSAGE,
  PHONE_MESSAGE,
  PRODUCT_STATUS_FILTERS,
  PRODUCT_STATUSES,
  QUANTITY_MESSAGES,
  ROLES,
  USER_STATUSES,
  WAREHOUSE_STATUSES,
} from "@orders/domain";
import * as v from "valibot";

/** "a, b or c" */
const oneOf = (values: readonly string[]) => `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;

// Request fields shared by several routes. Bodies are strict objects: an unknown field is a 400
// naming it, so a typo ("quantiy") never silently falls back to a default.

/** A JSON id: a positive safe integer; "1" (a string) is refused, as the Go service this one replaces refused it. */
export const idField = v.pipe(
  v.number("must be a number"),
  v.safeInteger("must be a whole number"),
  v.minValue(1, ID_MESSAGE),
);

export const quantityField = v.pipe(
  v.number("must be a number"),
  v.integer(QUANTITY_MESSAGES.notWhole),
  v.minValue(MIN_QUANTITY, QUANTITY_MESSAGES.tooSmall),
  v.maxValue(MAX_QUANTITY, QUANTITY_MESSAGES.tooLarge),
);

// Path and query values arrive as text; each pipe ends in the number schema it becomes, which is
// what /openapi.json documents for the parameter (validate() converts their output type).

/** An id in a path or query string. */
export const idText = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]{0,14}$/, ID_MESSAGE),
  v.transform(Number),
  v.number(),
  v.safeInteger(),
  v.minValue(1),
);

export const idParam = v.object({ id: idText });

export const pageQuery = {
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,4}$/, PAGE_LIMIT_MESSAGE),
      v.transform(Number),
      v.number(),
      v.integer(),
      v.minValue(1, PAGE_LIMIT_MESSAGE),
      v.maxValue(MAX_PAGE_LIMIT, PAGE_LIMIT_MESSAGE),
      v.description(`rows per page, ${DEFAULT_PAGE_LIMIT} when absent`),
      v.metadata({ example: DEFAULT_PAGE_LIMIT }),
    ),
  ),
  after_id: v.optional(
    v.pipe(
      idText,
      v.description("the last id of the previous page; the Link header of a full page names it"),
      v.metadata({ example: 100 }),
    ),
  ),
};

export const loginBody = v.strictObject({
  email_or_phone: v.pipe(v.string("must be a string"), v.nonEmpty("is required"), v.maxLength(MAX_LOGIN_LENGTH)),
  password: v.pipe(v.string("must be a string"), v.nonEmpty("is required"), v.maxLength(MAX_PASSWORD_LENGTH)),
});

export const checkoutItem = v.strictObject({ product_id: idField, quantity: quantityField });

/**
 * Either the single line {product_id, quantity} of the Go service this one replaces, or
 * {items: [...]}; checked in the handler.
 */
export const checkoutBody = v.strictObject({
  product_id: v.optional(idField),
  quantity: v.optional(quantityField),
  items: v.optional(
    v.pipe(
      v.array(checkoutItem, "must be an array of {product_id, quantity}"),
      v.minLength(1, "must list at least one item"),
      v.maxLength(MAX_ORDER_LINES, `must list at most ${MAX_ORDER_LINES} items`),
    ),
  ),
  warehouse_id: v.optional(idField),
});

export const orderIdBody = v.strictObject({ order_id: idField });

export const transferBody = v.strictObject({
  from_warehouse_id: idField,
  to_warehouse_id: idField,
  product_id: idField,
  quantity: quantityField,
});

/** "deactive" is the replaced Go service's word for inactive; its clients still send it. */
export const warehouseStatusBody = v.strictObject({
  status: v.picklist([...WAREHOUSE_STATUSES, "deactive"], `must be ${oneOf(WAREHOUSE_STATUSES)}`),
});

export const orderStatus = v.picklist(ORDER_STATUSES, `must be ${oneOf(ORDER_STATUSES)}`);

// Products and warehouses. The types are checked here; each field's rule (lengths, printable, not
// blank) is the domain's parse function (catalog/Product.ts, inventory/Warehouse.ts), which names
// the field in its 400, so the limits below only describe the rule for /openapi.json.

const text = (description: string) => v.pipe(v.string("must be a string"), v.description(description));

const priceCentsField = v.pipe(
  v.number("must be a number"),
  v.safeInteger("must be a whole number"),
  v.minValue(0, "must be at least 0"),
  v.maxValue(MAX_PRICE_CENTS, `must be at most ${MAX_PRICE_CENTS}`),
  v.description("minor units of CURRENCY, 0 to 10^12"),
);

const lowStockThresholdField = v.pipe(
  v.number("must be a number"),
  v.integer("must be a whole number"),
  v.minValue(0, "must be at least 0"),
  v.maxValue(MAX_LOW_STOCK_THRESHOLD, `must be at most ${MAX_LOW_STOCK_THRESHOLD}`),
  v.description("available units below this count as low stock; 0 (the default): never"),
);

const productNameField = text(`1 to ${MAX_PRODUCT_NAME_LENGTH} printable characters, not blank`);

export const createProductBody = v.strictObject({
  sku: text(`unique; 1 to ${MAX_SKU_LENGTH} printable characters, no space at either end`),
  name: productNameField,
  price_cents: priceCentsField,
  low_stock_threshold: v.optional(lowStockThresholdField),
});

export const updateProductBody = v.strictObject({
  name: v.optional(productNameField),
  price_cents: v.optional(priceCentsField),
  status: v.optional(v.picklist(PRODUCT_STATUSES, `must be ${oneOf(PRODUCT_STATUSES)}`)),
  low_stock_threshold: v.optional(lowStockThresholdField),
});

export const productListQuery = v.object({
  ...pageQuery,
  q: v.optional(
    v.pipe(
      v.string(),
      v.description(
        `1 to ${MAX_PRODUCT_SEARCH_LENGTH} characters the SKU or the name holds, ignoring case; % and _ match themselves`,
      ),
    ),
  ),
  in_stock: v.optional(
    v.pipe(
      v.picklist(["true", "false"], "must be true or false"),
      v.transform((value) => value === "true"),
      v.boolean(),
      v.description("true: only products with units available now"),
    ),
  ),
  status: v.optional(
    v.pipe(
      v.picklist(PRODUCT_STATUS_FILTERS, `must be ${oneOf(PRODUCT_STATUS_FILTERS)}`),
      v.description('admins: "active" (the default), "archived" or "all"; anyone else asking for archived ones: 403'),
    ),
  ),
});

/** A strong entity-tag's opaque text: what an ETag of this API is, `"<version>"`. */
const ENTITY_TAG = /(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"/y;

/**
 * If-Match (RFC 9110 13.1.1): `*` (any version: no condition) or a comma-separated list of
 * entity-tags. Answers the versions a change may start from; weak tags and tags that are not a
 * version this API could have sent match nothing (strong comparison), so naming only those is a
 * 412, not a 400. Undefined: no condition.
 */
export function parseIfMatch(header: string | undefined): number[] | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const versions: number[] = [];
  let at = 0;
  for (;;) {
    while (header[at] === " " || header[at] === "\t") at++;
    ENTITY_TAG.lastIndex = at;
    const match = ENTITY_TAG.exec(header);
    if (match === null) throw new InvalidInputError("If-Match", 'must be * or entity tags like "3"');
    at = ENTITY_TAG.lastIndex;
    const [, weak, opaque = ""] = match;
    const version = /^[1-9][0-9]{0,9}$/.test(opaque) ? Number(opaque) : 0;
    if (weak === undefined && version >= 1 && version <= MAX_PRODUCT_VERSION) versions.push(version);
    while (header[at] === " " || header[at] === "\t") at++;
    if (at === header.length) return versions;
    if (header[at] !== ",") throw new InvalidInputError("If-Match", 'must be * or entity tags like "3"');
    at++;
  }
}

/** If-Match as an OpenAPI parameter; read with `parseIfMatch`, not a validator (that would check every header). */
export const ifMatchParameter = {
  in: "header",
  name: "If-Match",
  required: false,
  description:
    '"<version>" as the product\'s version or ETag says (or a list of them, or *): change it only while it still ' +
    "has that version, else 412 version_mismatch. Weak tags never match.",
  schema: { type: "string", example: '"3"' },
} as const;

const priorityField = v.pipe(
  v.number("must be a number"),
  v.integer("must be a whole number"),
  v.minValue(MIN_WAREHOUSE_PRIORITY, `must be at least ${MIN_WAREHOUSE_PRIORITY}`),
  v.maxValue(MAX_WAREHOUSE_PRIORITY, `must be at most ${MAX_WAREHOUSE_PRIORITY}`),
  v.description("checkout takes stock from the lowest first; ties go to the lower id"),
);

const warehouseNameField = text(`1 to ${MAX_WAREHOUSE_NAME_LENGTH} printable characters, not blank`);

export const createWarehouseBody = v.strictObject({
  name: warehouseNameField,
  priority: v.optional(priorityField),
  status: v.optional(v.picklist(WAREHOUSE_STATUSES, `must be ${oneOf(WAREHOUSE_STATUSES)}`)),
});

export const updateWarehouseBody = v.strictObject({
  name: v.optional(warehouseNameField),
  priority: v.optional(priorityField),
});

// Users. The edge checks types and lengths; the formats are the domain's (identity/User.ts), which
// answers the same invalid_input naming the field.

const newPassword = (field: string) =>
  v.pipe(
    v.string("must be a string"),
    v.minLength(MIN_PASSWORD_LENGTH, `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`),
    v.maxLength(MAX_PASSWORD_LENGTH, `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`),
    v.description(`${field}: ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`),
  );

export const userRole = v.picklist(ROLES, `must be ${oneOf(ROLES)}`);
export const userStatus = v.picklist(USER_STATUSES, `must be ${oneOf(USER_STATUSES)}`);

export const createUserBody = v.strictObject({
  email: v.optional(
    v.nullable(
      v.pipe(
        v.string("must be a string"),
        v.maxLength(MAX_LOGIN_LENGTH, `must be at most ${MAX_LOGIN_LENGTH} characters`),
        v.description(`stored in lower case; ${EMAIL_MESSAGE}; email or phone (or both) is required`),
      ),
    ),
  ),
  phone: v.optional(
    v.nullable(
      v.pipe(
        v.string("must be a string"),
        v.maxLength(16, PHONE_MESSAGE),
        v.description(`stored as given; ${PHONE_MESSAGE}`),
      ),
    ),
  ),
  password: newPassword("password"),
  role: userRole,
});

export const updateUserBody = v.strictObject({
  role: v.optional(userRole),
  status: v.optional(
    v.pipe(userStatus, v.description("disabled: cannot log in, and every token issued to the user stops working")),
  ),
});

export const changePasswordBody = v.strictObject({
  current_password: v.pipe(v.string("must be a string"), v.nonEmpty("is required"), v.maxLength(MAX_PASSWORD_LENGTH)),
  new_password: newPassword("new_password"),
});
