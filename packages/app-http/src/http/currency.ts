// The service's one currency: the ISO 4217 code every price and total it answers is in.

/**
 * Indonesian rupiah: the seed's warehouses are in Jakarta, Surabaya and Medan and its prices
 * (a 27-inch monitor at 3,200,000) are whole rupiah; in a currency with cents they would be absurd.
 */
export const DEFAULT_CURRENCY = "IDR";

const SHAPE = /^[A-Z]{3}$/;

/** Three capital letters that the runtime's ICU knows as an ISO 4217 currency. */
export function isCurrencyCode(value: string): boolean {
  if (!SHAPE.test(value)) return false;
  const known = Intl.supportedValuesOf?.("currency");
  return known === undefined || known.includes(value);
}
