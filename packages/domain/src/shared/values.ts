import { InvalidInputError } from "./errors.js";

/** Largest quantity one line, one transfer or one adjustment may move. */
export const MAX_QUANTITY = 1_000_000;
/** Most lines one order may have. */
export const MAX_ORDER_LINES = 100;

/** Smallest quantity one line, one transfer or one adjustment may move. */
export const MIN_QUANTITY = 1;

/** What a refused quantity is told, here and at the HTTP edge alike. */
export const QUANTITY_MESSAGES = {
  notWhole: "must be a whole number",
  tooSmall: `must be at least ${MIN_QUANTITY}`,
  tooLarge: `must be at most ${MAX_QUANTITY}`,
} as const;

/** A positive whole number of units, at most MAX_QUANTITY. */
export function parseQuantity(value: unknown, field = "quantity"): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new InvalidInputError(field, QUANTITY_MESSAGES.notWhole);
  }
  if (value < MIN_QUANTITY) throw new InvalidInputError(field, QUANTITY_MESSAGES.tooSmall);
  if (value > MAX_QUANTITY) throw new InvalidInputError(field, QUANTITY_MESSAGES.tooLarge);
  return value;
}

/** What a refused id is told. */
export const ID_MESSAGE = "must be a positive integer id";

/** Ids are positive safe integers. */
export function parseId(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidInputError(field, ID_MESSAGE);
  }
  return value;
}

/** Money is an integer number of minor units (cents), never a float. */
export function parseCents(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(field, "must be a non-negative integer amount of cents");
  }
  return value;
}

/** Multiplies and adds money without leaving the safe-integer range. */
export function lineTotalCents(quantity: number, unitPriceCents: number): number {
  return parseCents(quantity * unitPriceCents, "total_cents");
}

export function sumCents(amounts: readonly number[]): number {
  return parseCents(
    amounts.reduce((sum, amount) => sum + amount, 0),
    "total_cents",
  );
}

/** Page of a keyset-paginated list: `limit` rows after the id `afterId`. */
export interface Page {
  readonly limit: number;
  readonly afterId?: number;
}

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 500;
/** What a refused page size is told. */
export const PAGE_LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_PAGE_LIMIT}`;

export function parsePage(input: { limit?: unknown; afterId?: unknown }): Page {
  const limit = input.limit ?? DEFAULT_PAGE_LIMIT;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new InvalidInputError("limit", PAGE_LIMIT_MESSAGE);
  }
  if (input.afterId === undefined) return { limit };
  return { limit, afterId: parseId(input.afterId, "after_id") };
}
