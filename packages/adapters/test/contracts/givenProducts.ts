// Products the Products and Catalog contracts start from, and a product as Products answers it.
import type { Product, ProductWithStock } from "@orders/domain";
import type { ContractTarget } from "./ContractTarget.js";

/** `count` products, SKU-1 (100 cents) to SKU-n, in id order. */
export async function givenProducts(t: ContractTarget, count: number): Promise<Product[]> {
  const products = [];
  for (let i = 1; i <= count; i++) {
    products.push(await t.given.product({ sku: `SKU-${i}`, name: `Product ${i}`, priceCents: i * 100 }));
  }
  return products;
}

/** The product without its stock levels. */
export const withoutLevels = ({ levels: _, ...product }: ProductWithStock): Product => product;
