// A page of products with their available units, searched and filtered; archived ones for admins only.
import { type Actor, isAdmin } from "../identity/User.js";
import type { Catalog } from "../ports/Catalog.js";
import { ForbiddenError, InvalidInputError } from "../shared/errors.js";
import { memoizeByIdentity } from "../shared/memoizeByIdentity.js";
import { parsePage } from "../shared/values.js";
import {
  PRODUCT_STATUSES,
  type ProductAvailability,
  type ProductStatus,
  type ProductWithStock,
  withAvailability,
} from "./Product.js";

/** Which statuses a listing asks for; "all" is both. */
export const PRODUCT_STATUS_FILTERS = [...PRODUCT_STATUSES, "all"] as const;
export type ProductStatusFilter = (typeof PRODUCT_STATUS_FILTERS)[number];

/** Longest search text: as long as the longest name. */
export const MAX_PRODUCT_SEARCH_LENGTH = 200;

export interface ListProductsInput {
  /** Who asks; absent: a customer's view (active products only). */
  readonly actor?: Actor;
  readonly limit?: number;
  readonly afterId?: number;
  /** Text the SKU or the name holds, ignoring case. */
  readonly q?: string;
  /** Only products with units available now. */
  readonly inStock?: boolean;
  /** "active" when absent; anything else is for admins only. */
  readonly status?: ProductStatusFilter;
}

export class ListProducts {
  /** The page shown for each page the catalog answered: a page a cache answers again is not recomputed. */
  private readonly shown = memoizeByIdentity((page: readonly ProductWithStock[]): readonly ProductAvailability[] =>
    page.map(withAvailability),
  );

  constructor(private readonly catalog: Catalog) {}

  async execute(input: ListProductsInput = {}): Promise<readonly ProductAvailability[]> {
    const status = input.status ?? "active";
    if (!PRODUCT_STATUS_FILTERS.includes(status)) {
      throw new InvalidInputError("status", `must be one of ${PRODUCT_STATUS_FILTERS.join(", ")}`);
    }
    // Customers never see archived products; asking for them is refused rather than quietly ignored.
    if (status !== "active" && (input.actor === undefined || !isAdmin(input.actor))) {
      throw new ForbiddenError("list archived products");
    }
    if (input.q !== undefined) parseSearch(input.q);
    if (input.inStock !== undefined && typeof input.inStock !== "boolean") {
      throw new InvalidInputError("in_stock", "must be true or false");
    }
    // One read: the page comes with its stock levels; what counts as available is decided here.
    const page = await this.catalog.listWithStock({
      ...parsePage(input),
      ...(input.q === undefined ? {} : { q: input.q }),
      ...(input.inStock === true ? { inStock: true } : {}),
      ...(status === "all" ? {} : { status: status satisfies ProductStatus }),
    });
    return this.shown(page);
  }
}

function parseSearch(q: unknown): string {
  if (typeof q !== "string" || q.length < 1 || [...q].length > MAX_PRODUCT_SEARCH_LENGTH) {
    throw new InvalidInputError("q", `must be 1 to ${MAX_PRODUCT_SEARCH_LENGTH} characters`);
  }
  return q;
}
