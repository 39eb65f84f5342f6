/**
 * Failed log-ins per login name (normalized email or phone), counted over a sliding window.
 * Implementations own the policy numbers (how many failures, how long the window).
 */
export interface LoginAttempts {
  /** Seconds until `login` may try again; 0 when it may try now. */
  retryAfterSeconds(login: string): Promise<number>;
  recordFailure(login: string): Promise<void>;
  /** Forgets the failures of `login` (after a success). */
  reset(login: string): Promise<void>;
}

export const DEFAULT_MAX_LOGIN_FAILURES = 5;
export const DEFAULT_LOGIN_WINDOW_SECONDS = 15 * 60;
