// A Catalog decorator: product listings served from memory for at most maxAgeMs, one load per miss, dropped on this process's writes.
import type { Catalog, Clock, ProductWithStock, StockLevel, StockQuery } from "@orders/domain";

/** How long a product listing may lag the stock it shows: GET /products is advisory, checkout reads live. */
export const CATALOG_LISTING_MAX_AGE_MS = 1_000;

export interface CachedCatalogOptions {
  readonly clock: Clock;
  /** A listing is served from memory while younger than this, counted from when its read began. */
  readonly maxAgeMs?: number;
  /** Distinct listings (queries) kept at once; the oldest is dropped first. */
  readonly maxEntries?: number;
}

type ListQuery = Parameters<Catalog["listWithStock"]>;

interface Entry {
  readonly startedAtMs: number;
  readonly rows: Promise<ProductWithStock[]>;
}

/**
 * Caches `listWithStock` (the product listing) of another Catalog, keyed by the whole query (page,
 * and whatever filters the query carries), so a listing is answered from memory while it is younger
 * than `maxAgeMs` (CATALOG_LISTING_MAX_AGE_MS): a listing shows every stock write that committed at
 * least that long before the request. Age counts from when the database read began, so the bound
 * holds however long the read took.
 *
 * - Single flight: requests for a listing that is being read wait for that read instead of
 *   starting their own; a failed read is not kept (every waiter gets its error, the next request
 *   reads again).
 * - `invalidate()` (called after each stock write of this process, see cachedCatalogPorts) drops
 *   every listing, and a read already in flight when it is called is not served to anyone who asks
 *   after: a client sees its own checkout in the next listing it asks this process for. Writes by
 *   other processes show within maxAgeMs.
 * - `findWithStock` (checkout plans from it) and `levels` are never cached: they read live.
 */
export class CachedCatalog implements Catalog {
  private readonly entries = new Map<string, Entry>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly inner: Catalog,
    private readonly options: CachedCatalogOptions,
  ) {
    this.maxAgeMs = options.maxAgeMs ?? CATALOG_LISTING_MAX_AGE_MS;
    this.maxEntries = options.maxEntries ?? 256;
  }

  listWithStock(...query: ListQuery): Promise<ProductWithStock[]> {
    const key = JSON.stringify(query);
    const now = this.options.clock.now().getTime();
    const cached = this.entries.get(key);
    if (cached !== undefined && now - cached.startedAtMs < this.maxAgeMs) {
      return cached.rows;
    }
    const entry: Entry = { startedAtMs: now, rows: this.inner.listWithStock(...query) };
    // Re-inserted at the end: the Map's first key is the least recently loaded.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    entry.rows.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.rows;
  }

  findWithStock(ids: readonly number[]): Promise<ProductWithStock[]> {
    return this.inner.findWithStock(ids);
  }

  levels(query: StockQuery): Promise<StockLevel[]> {
    return this.inner.levels(query);
  }

  /** Drops every cached listing, reads in flight included: a request made after this reads again. */
  invalidate(): void {
    this.entries.clear();
  }
}
