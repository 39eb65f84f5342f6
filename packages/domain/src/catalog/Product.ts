// A product and its field rules: every way in (the API, the import, the library) parses through them.
import { available, type StockLevel } from "../inventory/StockLevel.js";
import { InvalidInputError } from "../shared/errors.js";
import { parseCents } from "../shared/values.js";

/** Archived products stay on past orders but are neither listed to customers nor sold. */
export const PRODUCT_STATUSES = ["active", "archived"] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface Product {
  readonly id: number;
  readonly sku: string;
  readonly name: string;
  /** Minor units of the service's one currency. */
  readonly priceCents: number;
  readonly status: ProductStatus;
  /** The available total below which the product counts as low on stock (0: never). */
  readonly lowStockThreshold: number;
  /** 1 when created, one more on every accepted change: what If-Match compares. */
  readonly version: number;
}

/** What creating a product stores; it starts active at version 1. */
export interface NewProduct {
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  readonly lowStockThreshold: number;
}

/** The fields a change may set; the SKU never changes (orders and imports match on it). */
export interface ProductChanges {
  readonly name?: string;
  readonly priceCents?: number;
  readonly status?: ProductStatus;
  readonly lowStockThreshold?: number;
}

/** A product with the units a customer can buy now: summed over active warehouses only. */
export interface ProductAvailability extends Product {
  readonly available: number;
}

/** A product with its stock in every warehouse that holds a row for it, active or not. */
export interface ProductWithStock extends Product {
  /** Ordered by warehouse id. */
  readonly levels: readonly StockLevel[];
}

/** The units a customer can buy now: on hand minus reserved, in active warehouses only. */
export function withAvailability({ levels, ...product }: ProductWithStock): ProductAvailability {
  return {
    ...product,
    available: levels.reduce((sum, level) => sum + (level.warehouseStatus === "active" ? available(level) : 0), 0),
  };
}

/** Only an active product can be checked out; pending orders of an archived one can still be paid. */
export const isSellable = (product: Pick<Product, "status">): boolean => product.status === "active";

export const MAX_SKU_LENGTH = 64;
export const MAX_PRODUCT_NAME_LENGTH = 200;
/** Highest price of one unit, in minor units: 10^12 (far below the safe-integer range). */
export const MAX_PRICE_CENTS = 1_000_000_000_000;
/** Highest version a product can reach (an integer column): far more changes than any product sees. */
export const MAX_PRODUCT_VERSION = 2_147_483_647;
/** Highest low-stock threshold: the largest on_hand an integer column holds. */
export const MAX_LOW_STOCK_THRESHOLD = 2_147_483_647;

// Printable: no control characters (C0, DEL, C1); the HTTP edge refuses those everywhere already.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the class names the characters refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A SKU: 1-64 printable characters, with no space at either end (it is matched exactly). */
export function parseSku(value: unknown, field = "sku"): string {
  if (typeof value !== "string") throw new InvalidInputError(field, "must be a string");
  const length = [...value].length;
  if (length < 1 || length > MAX_SKU_LENGTH) {
    throw new InvalidInputError(field, `must be 1 to ${MAX_SKU_LENGTH} characters`);
  }
  if (CONTROL.test(value)) throw new InvalidInputError(field, "must be printable characters");
  if (value.trim() !== value) throw new InvalidInputError(field, "must not start or end with a space");
  return value;
}

/** A product name: 1-200 printable characters, not blank. */
export function parseProductName(value: unknown, field = "name"): string {
  if (typeof value !== "string") throw new InvalidInputError(field, "must be a string");
  const length = [...value].length;
  if (value.trim() === "" || length > MAX_PRODUCT_NAME_LENGTH) {
    throw new InvalidInputError(field, `must be 1 to ${MAX_PRODUCT_NAME_LENGTH} characters, not blank`);
  }
  if (CONTROL.test(value)) throw new InvalidInputError(field, "must be printable characters");
  return value;
}

/** A unit price: whole minor units from 0 to 10^12. */
export function parsePriceCents(value: unknown, field = "price_cents"): number {
  const cents = parseCents(value, field);
  if (cents > MAX_PRICE_CENTS) throw new InvalidInputError(field, `must be at most ${MAX_PRICE_CENTS}`);
  return cents;
}

/** The available total below which a product counts as low on stock (0: never). */
export function parseLowStockThreshold(value: unknown, field = "low_stock_threshold"): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_LOW_STOCK_THRESHOLD) {
    throw new InvalidInputError(field, `must be a whole number from 0 to ${MAX_LOW_STOCK_THRESHOLD}`);
  }
  return value;
}

/** A new product's fields, each parsed by its rule; the threshold defaults to 0 (never low). */
export function parseNewProduct(input: {
  readonly sku: unknown;
  readonly name: unknown;
  readonly priceCents: unknown;
  readonly lowStockThreshold?: unknown;
}): NewProduct {
  return {
    sku: parseSku(input.sku),
    name: parseProductName(input.name),
    priceCents: parsePriceCents(input.priceCents),
    lowStockThreshold: input.lowStockThreshold === undefined ? 0 : parseLowStockThreshold(input.lowStockThreshold),
  };
}

/** The fields a change sets, each parsed by its rule; a change that sets nothing is refused. */
export function parseProductChanges(input: {
  readonly name?: unknown;
  readonly priceCents?: unknown;
  readonly status?: unknown;
  readonly lowStockThreshold?: unknown;
}): ProductChanges {
  const changes: { -readonly [K in keyof ProductChanges]: ProductChanges[K] } = {};
  if (input.name !== undefined) changes.name = parseProductName(input.name);
  if (input.priceCents !== undefined) changes.priceCents = parsePriceCents(input.priceCents);
  if (input.status !== undefined) changes.status = parseProductStatus(input.status);
  if (input.lowStockThreshold !== undefined)
    changes.lowStockThreshold = parseLowStockThreshold(input.lowStockThreshold);
  if (Object.keys(changes).length === 0) {
    throw new InvalidInputError("body", "must set at least one of name, price_cents, status, low_stock_threshold");
  }
  return changes;
}

export function parseProductStatus(value: unknown, field = "status"): ProductStatus {
  if (!PRODUCT_STATUSES.includes(value as ProductStatus)) {
    throw new InvalidInputError(field, `must be one of ${PRODUCT_STATUSES.join(", ")}`);
  }
  return value as ProductStatus;
}
