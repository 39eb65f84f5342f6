import type { StockLevel } from "../inventory/StockLevel.js";

export interface Product {
  readonly id: number;
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
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
