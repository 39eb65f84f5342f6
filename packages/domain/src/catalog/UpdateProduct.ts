// An admin changes a product's name, price, status or low-stock threshold, optionally only from a version they read.
import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { Products } from "../ports/Products.js";
import { InvalidInputError, ProductNotFoundError, VersionMismatchError } from "../shared/errors.js";
import { parseId } from "../shared/values.js";
import { MAX_PRODUCT_VERSION, type Product, type ProductStatus, parseProductChanges } from "./Product.js";

export interface UpdateProductInput {
  readonly actor: Actor;
  readonly productId: number;
  readonly name?: string;
  readonly priceCents?: number;
  readonly status?: ProductStatus;
  readonly lowStockThreshold?: number;
  /** Change only a product still at one of these versions (If-Match); absent: whatever its version. */
  readonly ifVersion?: readonly number[];
}

/**
 * Every accepted change adds 1 to the version. A new price applies to later checkouts only: an
 * order keeps the unit price it was placed at. Archiving stops new checkouts of the product;
 * its pending orders can still be paid.
 */
export class UpdateProduct {
  constructor(private readonly products: Products) {}

  async execute(input: UpdateProductInput): Promise<Product> {
    requireAdmin(input.actor, "change a product");
    const productId = parseId(input.productId, "product_id");
    const changes = parseProductChanges(input);
    const ifVersion = input.ifVersion?.map((version) => {
      if (!Number.isInteger(version) || version < 1 || version > MAX_PRODUCT_VERSION) {
        throw new InvalidInputError("If-Match", `must name versions from 1 to ${MAX_PRODUCT_VERSION}`);
      }
      return version;
    });
    const result = await this.products.update(productId, changes, ifVersion);
    switch (result.outcome) {
      case "updated":
        return result.product;
      case "not_found":
        throw new ProductNotFoundError(productId);
      case "version_mismatch":
        throw new VersionMismatchError(productId);
    }
  }
}
