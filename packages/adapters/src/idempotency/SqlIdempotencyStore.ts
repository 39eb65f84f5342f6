import type { SqlRunner } from "../postgres/SqlRunner.js";
import {
  IDEMPOTENCY_KEY_TTL_MS,
  IDEMPOTENCY_LEASE_MS,
  type IdempotencyClaim,
  type IdempotencyClaimInput,
  type IdempotencyRecordKey,
  type IdempotencyStore,
  purgeCutoff,
  retryAfterSeconds,
} from "./IdempotencyStore.js";

interface Row {
  fingerprint: string;
  status_code: number | null;
  response_body: string | null;
  created_at: Date | string;
}

/**
 * Inserts a fresh claim, or takes over a row that no longer counts: expired (any payload), or
 * unfinished past its lease with the same payload (its process died). The WHERE is evaluated on
 * the locked, latest row version, so of two concurrent takers only the first changes it: the
 * second sees the first's new created_at and gets no row back.
 */
const CLAIM = `
  INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, created_at)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (user_id, key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, status_code = NULL, response_body = NULL, created_at = EXCLUDED.created_at
    WHERE k.created_at <= $5
       OR (k.status_code IS NULL AND k.fingerprint = EXCLUDED.fingerprint AND k.created_at <= $6)
  RETURNING 1 AS claimed`;

/** Rounds a claim can lose to a concurrent delete or takeover before answering "in flight". */
const MAX_ATTEMPTS = 3;

/** IdempotencyStore on the idempotency_keys table (migration 003), over pg or PGlite. */
export class SqlIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: SqlRunner) {}

  async claim({ userId, key, fingerprint, now }: IdempotencyClaimInput): Promise<IdempotencyClaim> {
    const nowMs = now.getTime();
    const expiredBefore = new Date(nowMs - IDEMPOTENCY_KEY_TTL_MS);
    const leaseBefore = new Date(nowMs - IDEMPOTENCY_LEASE_MS);
    for (let attempt = 1; ; attempt++) {
      const claimed = await this.db.query(CLAIM, [userId, key, fingerprint, now, expiredBefore, leaseBefore]);
      if (claimed.length > 0) return { state: "claimed" };
      const [row] = await this.db.query<Row>(
        "SELECT fingerprint, status_code, response_body, created_at FROM idempotency_keys WHERE user_id = $1 AND key = $2",
        [userId, key],
      );
      // Gone (purged or abandoned) or claimable again since the insert: try again.
      const claimedAtMs = row === undefined ? 0 : new Date(row.created_at).getTime();
      const stale = row === undefined || claimedAtMs <= expiredBefore.getTime();
      if (!stale && row.fingerprint !== fingerprint) return { state: "mismatch" };
      if (!stale && row.status_code !== null) {
        return { state: "replay", statusCode: Number(row.status_code), body: row.response_body ?? "" };
      }
      const abandoned = stale || claimedAtMs <= leaseBefore.getTime();
      if (!abandoned)
        return { state: "in_flight", retryAfterSeconds: retryAfterSeconds(claimedAtMs, IDEMPOTENCY_LEASE_MS, nowMs) };
      if (attempt >= MAX_ATTEMPTS) return { state: "in_flight", retryAfterSeconds: 1 };
    }
  }

  async complete({
    userId,
    key,
    statusCode,
    body,
  }: IdempotencyRecordKey & { statusCode: number; body: string }): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4
       WHERE user_id = $1 AND key = $2 AND status_code IS NULL`,
      [userId, key, statusCode, body],
    );
  }

  async abandon({ userId, key }: IdempotencyRecordKey): Promise<void> {
    await this.db.query("DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status_code IS NULL", [
      userId,
      key,
    ]);
  }

  async purgeExpired(now: Date): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      "WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone",
      [purgeCutoff(now)],
    );
    return Number(row?.n ?? 0);
  }
}
