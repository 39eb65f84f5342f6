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
