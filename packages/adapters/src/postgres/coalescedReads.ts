// Concurrent reads by key share one round trip: the keys asked for while a read runs are read together next.
import { Coalescer } from "@orders/domain";

/** The most calls one shared read answers. */
const MAX_CALLS = 64;

/**
 * `readMany` made shareable: a call made while no read runs reads at once; the calls made while
 * one runs are answered together by the next read, of the union of their keys (Coalescer). Each
 * call gets the rows of its own keys, once each, in the order asked (a key with no row gets none);
 * a failed read rejects every call it carried. A call never gets a row read before it was made,
 * so sharing changes how many round trips run, not what anyone sees.
 */
export function coalescedReads<K, R>(
  readMany: (keys: K[]) => Promise<readonly R[]>,
  keyOf: (row: R) => K,
): (keys: readonly K[]) => Promise<R[]> {
  const reads = new Coalescer<readonly K[], R[]>(async (calls) => {
    const rows = await readMany([...new Set(calls.flat() as K[])]);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return calls.map((keys) => [...new Set(keys)].flatMap((key) => byKey.get(key) ?? []));
  }, MAX_CALLS);
  return (keys) => reads.submit(keys);
}
