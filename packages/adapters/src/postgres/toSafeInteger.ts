/**
 * bigint columns arrive as strings from `pg` and as numbers (or BigInt past 2^53) from PGlite;
 * the domain sees numbers, so anything outside the safe range is an error, not a rounding.
 */
export function toSafeInteger(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${String(value)}`);
  return n;
}
