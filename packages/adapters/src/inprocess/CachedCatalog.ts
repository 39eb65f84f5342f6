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
  /** A read to replace this entry is running (refresh ahead). */
  refreshing: boolean;
}

/**
 * Once a listing is this share of maxAgeMs old, the next request for it (still served from memory)
 * also starts the read that replaces it: a listing in demand is renewed before it expires, so no
 * request waits for the database.
 */
const REFRESH_AHEAD_SHARE = 0.5;

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
 * - Refresh ahead: a listing asked for in the second half of its life is read again in the
 *   background while it is still served, so a busy listing never expires in front of requests
 *   (a p99 spike every second otherwise).
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
    if (cached === undefined || now - cached.startedAtMs >= this.maxAgeMs) return this.load(key, query, now).rows;
    if (!cached.refreshing && now - cached.startedAtMs >= this.maxAgeMs * REFRESH_AHEAD_SHARE) {
      this.refresh(key, query, cached, now);
    }
    return cached.rows;
  }

  /** Reads the listing now; requests wait for it (single flight). A failed read is not kept. */
  private load(key: string, query: ListQuery, now: number): Entry {
    const entry: Entry = { startedAtMs: now, rows: this.inner.listWithStock(...query), refreshing: false };
    this.keep(key, entry);
    entry.rows.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry;
  }

  /**
   * Reads the listing while `current` is still served, and keeps the new read once it has arrived,
   * unless `current` is no longer the kept entry by then: a write of this process (invalidate)
   * or an expiry since wins, so a read that began before a write is never served after it.
   */
  private refresh(key: string, query: ListQuery, current: Entry, now: number): void {
    current.refreshing = true;
    const rows = this.inner.listWithStock(...query);
    rows.then(
      () => {
        if (this.entries.get(key) === current) this.keep(key, { startedAtMs: now, rows, refreshing: false });
      },
      () => {
        current.refreshing = false;
      },
    );
  }

  private keep(key: string, entry: Entry): void {
    // Re-inserted at the end: the Map's first key is the least recently loaded.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
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
