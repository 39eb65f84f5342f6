// An admin adds a product to the catalog: active, version 1, its SKU unique.
import { requireAdmin } from "../identity/requireAdmin.js";
import type { Actor } from "../identity/User.js";
import type { Products } from "../ports/Products.js";
import { SkuTakenError } from "../shared/errors.js";
import { type Product, parseNewProduct } from "./Product.js";

export interface CreateProductInput {
  readonly actor: Actor;
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  /** 0 (never low) when absent. */
  readonly lowStockThreshold?: number;
}

export class CreateProduct {
  constructor(private readonly products: Products) {}

  async execute(input: CreateProductInput): Promise<Product> {
    requireAdmin(input.actor, "create a product");
    const product = parseNewProduct(input);
    // The store judges uniqueness in the same write, so two racing creates of one SKU cannot both win.
    const created = await this.products.create(product);
    if (created === null) throw new SkuTakenError(product.sku);
    return created;
  }
}
