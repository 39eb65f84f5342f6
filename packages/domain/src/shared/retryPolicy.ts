/**
 * The one retry policy for a write that lost a race. Each kind of lost race is retried by exactly
 * one layer, so attempts never multiply:
 * - a checkout whose planned units another checkout took first (InsufficientStockError) is planned
 *   again by PlaceOrder; the new plan reads fresh levels, so it does not pause;
 * - a transaction the database rolled back on a deadlock or serialization failure is run again by
 *   the UnitOfWork adapter (nothing above it sees that failure), after `pauseMs`.
 * A race that survives every attempt reaches the client as insufficient_stock or as
 * storage_unavailable with `retryAfterSeconds`.
 */
export const RETRY_POLICY = {
  /** Attempts in all, the first included. */
  attempts: 3,
  /**
   * The pause after `failedAttempts` failures, with `jitter` in [0, 1) drawn by the caller, so the
   * two sides of a deadlock do not collide again in step.
   */
  pauseMs: (failedAttempts: number, jitter: number): number => 5 * failedAttempts + 10 * jitter,
  /** What storage_unavailable tells a client to wait (Retry-After) before trying again. */
  retryAfterSeconds: 1,
} as const;
