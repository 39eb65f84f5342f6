// The one owner of Idempotency-Key storage: the port, how long a key is remembered, how long an
// unfinished claim blocks repeats, and what the purge deletes. The stores below take both durations
// from here, the HTTP middleware (app-http idempotencyKey) claims through the port, and the
// worker's hourly purge calls purgeExpired with its clock's now: nobody else restates 24 h.

/** How long a key is remembered: after this a repeat with the same key runs as a new request. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long an unfinished claim blocks repeats (409 in flight). A claim still unfinished after
 * this was left by a process that died mid-request, and the next repeat takes it over. It must
 * outlast the slowest request (the Postgres statement timeout is 30 s), or a slow first attempt
 * and its retry could both run.
 */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;

export interface IdempotencyClaimInput {
  readonly userId: number;
  /** The client's Idempotency-Key header, 1-255 printable ASCII characters. */
  readonly key: string;
  /** A digest of what the request asks for (method, path, body); a repeat must match it. */
  readonly fingerprint: string;
  readonly now: Date;
}

/** What to do with a request that carries an Idempotency-Key. */
export type IdempotencyClaim =
  /** First time (or the earlier attempt was abandoned or expired): run it, then complete or abandon. */
  | { readonly state: "claimed" }
  /** Finished before with the same payload: answer exactly this, run nothing. */
  | { readonly state: "replay"; readonly statusCode: number; readonly body: string }
  /** The first attempt is still running. */
  | { readonly state: "in_flight"; readonly retryAfterSeconds: number }
  /** The key was used for a different payload. */
  | { readonly state: "mismatch" };

export interface IdempotencyRecordKey {
  readonly userId: number;
  readonly key: string;
}

/**
 * Remembers requests sent with an Idempotency-Key, per user, so a retried request is answered
 * from the first attempt's result instead of running twice. An HTTP concern, so the port lives
 * with its adapters rather than in the domain.
 */
export interface IdempotencyStore {
  /** Atomically claims (user, key): of any number of concurrent claims exactly one is "claimed". */
  claim(input: IdempotencyClaimInput): Promise<IdempotencyClaim>;
  /** Stores the claimed request's final answer; later claims with the same payload replay it. */
  complete(input: IdempotencyRecordKey & { readonly statusCode: number; readonly body: string }): Promise<void>;
  /** Forgets an unfinished claim (the attempt failed with a 5xx), so a retry runs again. */
  abandon(input: IdempotencyRecordKey): Promise<void>;
  /**
   * Deletes every key claimed more than IDEMPOTENCY_KEY_TTL_MS before `now` (keys a claim already
   * treats as new); answers how many.
   */
  purgeExpired(now: Date): Promise<number>;
}

/** The purge's cutoff at `now`: keys claimed before it have outlived IDEMPOTENCY_KEY_TTL_MS. */
export const purgeCutoff = (now: Date): Date => new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS);

/** Seconds until an in-flight claim made at `claimedAtMs` runs out, at least 1 (for Retry-After). */
export function retryAfterSeconds(claimedAtMs: number, leaseMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((claimedAtMs + leaseMs - nowMs) / 1000));
}
