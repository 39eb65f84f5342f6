import type { SqlRunner } from "../postgres/SqlRunner.js";

/** Where an expiry worker records each completed sweep; the audit reads it. */
export interface SweepLog {
  /** A sweep that started at `startedAt` released every overdue order it could lock. */
  recordSweep(startedAt: Date, completedAt: Date): Promise<void>;
}

/**
 * The `worker_sweeps` row (PGlite or Postgres). Several workers write the same row; it only moves
 * forward, so a slow worker finishing an older sweep late does not take it back.
 */
export class SqlSweepLog implements SweepLog {
  constructor(private readonly db: SqlRunner) {}

  async recordSweep(startedAt: Date, completedAt: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO worker_sweeps (id, started_at, completed_at) VALUES (true, $1, $2)
       ON CONFLICT (id) DO UPDATE SET started_at = EXCLUDED.started_at, completed_at = EXCLUDED.completed_at
       WHERE worker_sweeps.started_at < EXCLUDED.started_at`,
      [startedAt, completedAt],
    );
  }
}
