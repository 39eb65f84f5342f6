/**
 * Log-in attempts per login name (normalized email or phone), counted over a window: the lockout.
 * The policy numbers are DEFAULT_MAX_LOGIN_FAILURES and DEFAULT_LOGIN_WINDOW_SECONDS below; an
 * implementation takes them as defaults and lets tests shrink them.
 */
export interface LoginAttempts {
  /**
   * Judges one attempt against the limit and, when it is allowed, counts it, in one atomic step:
   * however many requests for `login` run at once, at most the limit are allowed per window. An
   * allowed attempt stays counted as a failure unless `reset` forgives it, so the password is
   * checked only after `reserve` said yes.
   */
  reserve(login: string): Promise<LoginAttemptReservation>;
  /** Forgets every counted attempt of `login`, in flight or finished (after a success). */
  reset(login: string): Promise<void>;
}

export type LoginAttemptReservation =
  | { readonly allowed: true }
  | { readonly allowed: false /** Whole seconds, at least 1. */; readonly retryAfterSeconds: number };

export const DEFAULT_MAX_LOGIN_FAILURES = 5;
export const DEFAULT_LOGIN_WINDOW_SECONDS = 15 * 60;
