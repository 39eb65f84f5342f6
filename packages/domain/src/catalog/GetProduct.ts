// One product with its available units; an admin also sees its stock in every warehouse.
import { type Actor, isAdmin } from "../identity/User.js";
import type { StockLevel } from "../inventory/StockLevel.js";
import type { Catalog } from "../ports/Catalog.js";
import { ProductNotFoundError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import { isSellable, type ProductAvailability, withAvailability } from "./Product.js";

export interface ProductDetails extends ProductAvailability {
  /** Every warehouse holding a stock row for it, by warehouse id; null for anyone but an admin. */
  readonly levels: readonly StockLevel[] | null;
}

export class GetProduct {
  constructor(private readonly catalog: Catalog) {}

  /** A customer asking for an archived product is told it does not exist, as in the listing. */
  async execute(input: { readonly actor: Actor; readonly productId: number }): Promise<ProductDetails> {
    const productId = parseId(input.productId, "product_id");
    const [product] = await this.catalog.findWithStock([productId]);
    const admin = isAdmin(input.actor);
    if (product === undefined || (!admin && !isSellable(product))) throw new ProductNotFoundError(productId);
    return { ...withAvailability(product), levels: admin ? product.levels : null };
  }
}
