// Catalog reads for browsing served by a streaming read replica while it is up and fresh, else by the primary.
import type { Catalog, Page, ProductWithStock, StockLevel, StockQuery } from "@orders/domain";
import { PostgresCatalog } from "./PostgresCatalog.js";
import type { SqlRunner } from "./SqlRunner.js";

export const DEFAULT_READ_REPLICA_MAX_LAG_MS = 1_000;

export interface ReplicaLagOptions {
  /** A replica further behind than this serves nothing. Default 1000 ms. */
  readonly maxLagMs?: number;
  /** How often the lag is measured. Default 500 ms. */
  readonly checkIntervalMs?: number;
  /** Told every measurement: the lag in ms, or null when the replica did not answer. */
  readonly onMeasure?: (lagMs: number | null, usable: boolean) => void;
}

/**
 * How far a streaming replica is behind its primary, measured on the replica: 0 while its WAL
 * receiver streams and it has replayed everything received (an idle primary sends nothing, so
 * that is the only sign of being current; after a restart replay may even be ahead of what was
 * streamed since), else the age of the last transaction it replayed. in_recovery false: a
 * promoted or mistaken server, not a replica.
 */
const LAG_SQL = `
SELECT pg_is_in_recovery() AS in_recovery,
       CASE WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
                 AND pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn() THEN 0
            ELSE GREATEST(0, EXTRACT(EPOCH FROM (clock_timestamp() - pg_last_xact_replay_timestamp())) * 1000)
       END AS lag_ms`;

/**
 * Measures the replica's lag on a timer and says whether it may serve reads: it answered the last
 * measurement, is in recovery, and lags at most maxLagMs. Until the first measurement it may not.
 */
export class ReplicaLagMonitor {
  private usableNow = false;
  private lagMs: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxLagMs: number;

  constructor(
    private readonly replica: SqlRunner,
    private readonly options: ReplicaLagOptions = {},
  ) {
    this.maxLagMs = options.maxLagMs ?? DEFAULT_READ_REPLICA_MAX_LAG_MS;
  }

  get usable(): boolean {
    return this.usableNow;
  }

  get lastLagMs(): number | null {
    return this.lagMs;
  }

  /** One measurement now; returns whether the replica may serve reads. */
  async measure(): Promise<boolean> {
    try {
      const [row] = await this.replica.query<{ in_recovery: boolean; lag_ms: unknown }>(LAG_SQL, []);
      this.lagMs = row?.in_recovery === true ? Math.round(Number(row.lag_ms)) : null;
    } catch {
      this.lagMs = null;
    }
    this.usableNow = this.lagMs !== null && this.lagMs <= this.maxLagMs;
    this.options.onMeasure?.(this.lagMs, this.usableNow);
    return this.usableNow;
  }

  start(): void {
    if (this.timer !== undefined) return;
    const tick = () => {
      this.timer = setTimeout(
        () => void this.measure().finally(() => this.timer !== undefined && tick()),
        this.interval,
      );
      this.timer.unref();
    };
    void this.measure();
    tick();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private get interval(): number {
    return this.options.checkIntervalMs ?? 500;
  }
}

/**
 * The Catalog for browsing (product listing, product pages): the replica while the monitor calls
 * it usable, the primary otherwise, and the primary again when a replica read fails (it went
 * down between two measurements). Stock levels (`levels`) always come from the primary: they feed
 * judgements of stock. Checkout must not be given this Catalog: it plans from the primary.
 */
export class ReplicaCatalog implements Catalog {
  private readonly onReplica: Catalog;

  constructor(
    private readonly primary: Catalog,
    replica: SqlRunner,
    private readonly monitor: ReplicaLagMonitor,
  ) {
    this.onReplica = new PostgresCatalog(replica);
  }

  findWithStock(ids: readonly number[]): Promise<ProductWithStock[]> {
    return this.read((catalog) => catalog.findWithStock(ids));
  }

  listWithStock(page: Page): Promise<ProductWithStock[]> {
    return this.read((catalog) => catalog.listWithStock(page));
  }

  levels(query: StockQuery): Promise<StockLevel[]> {
    return this.primary.levels(query);
  }

  private async read<T>(work: (catalog: Catalog) => Promise<T>): Promise<T> {
    if (!this.monitor.usable) return work(this.primary);
    try {
      return await work(this.onReplica);
    } catch {
      // Whatever went wrong on the replica, the primary answers; the monitor's next measurement decides the next read.
      return work(this.primary);
    }
  }
}
