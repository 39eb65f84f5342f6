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

interface Entry {
  readonly fingerprint: string;
  readonly claimedAtMs: number;
  readonly result: { readonly statusCode: number; readonly body: string } | null;
}

/**
 * IdempotencyStore in a Map, for tests and for one process embedding createApp without a
 * database (passed to createApp explicitly). Each call does its work synchronously, so concurrent
 * claims cannot interleave. It only forgets expired keys when purgeExpired runs.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  async claim({ userId, key, fingerprint, now }: IdempotencyClaimInput): Promise<IdempotencyClaim> {
    const id = idOf({ userId, key });
    const nowMs = now.getTime();
    const entry = this.entries.get(id);
    const expired = entry === undefined || entry.claimedAtMs <= nowMs - IDEMPOTENCY_KEY_TTL_MS;
    const takeOver =
      expired ||
      (entry.result === null && entry.fingerprint === fingerprint && entry.claimedAtMs <= nowMs - IDEMPOTENCY_LEASE_MS);
    if (takeOver) {
      this.entries.set(id, { fingerprint, claimedAtMs: nowMs, result: null });
      return { state: "claimed" };
    }
    if (entry.fingerprint !== fingerprint) return { state: "mismatch" };
    if (entry.result !== null) return { state: "replay", ...entry.result };
    return { state: "in_flight", retryAfterSeconds: retryAfterSeconds(entry.claimedAtMs, IDEMPOTENCY_LEASE_MS, nowMs) };
  }

  async complete(input: IdempotencyRecordKey & { statusCode: number; body: string }): Promise<void> {
    const id = idOf(input);
    const entry = this.entries.get(id);
    if (entry === undefined || entry.result !== null) return;
    this.entries.set(id, { ...entry, result: { statusCode: input.statusCode, body: input.body } });
  }

  async abandon(input: IdempotencyRecordKey): Promise<void> {
    const id = idOf(input);
    if (this.entries.get(id)?.result === null) this.entries.delete(id);
  }

  async purgeExpired(now: Date): Promise<number> {
    const before = purgeCutoff(now);
    let deleted = 0;
    for (const [id, entry] of this.entries) {
      if (entry.claimedAtMs < before.getTime()) {
        this.entries.delete(id);
        deleted++;
      }
    }
    return deleted;
  }
}

const idOf = ({ userId, key }: IdempotencyRecordKey) => `${userId}\u0000${key}`;
