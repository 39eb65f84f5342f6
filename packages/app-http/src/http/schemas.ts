import {
  DEFAULT_PAGE_LIMIT,
  EMAIL_MESSAGE,
  ID_MESSAGE,
  MAX_LOGIN_LENGTH,
  MAX_ORDER_LINES,
  MAX_PAGE_LIMIT,
  MAX_PASSWORD_LENGTH,
  MAX_QUANTITY,
  MIN_PASSWORD_LENGTH,
  MIN_QUANTITY,
  ORDER_STATUSES,
  PAGE_LIMIT_MESSAGE,
  PHONE_MESSAGE,
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
