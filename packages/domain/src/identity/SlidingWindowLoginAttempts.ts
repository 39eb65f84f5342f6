import type { Clock } from "../ports/Clock.js";
import {
  DEFAULT_LOGIN_WINDOW_SECONDS,
  DEFAULT_MAX_LOGIN_FAILURES,
  type LoginAttemptReservation,
  type LoginAttempts,
} from "../ports/LoginAttempts.js";

export interface SlidingWindowLoginAttemptsOptions {
  readonly clock: Clock;
  readonly maxFailures?: number;
  readonly windowSeconds?: number;
  /** Logins tracked at most; the oldest are forgotten first, so a flood cannot exhaust memory. */
  readonly maxTrackedLogins?: number;
}

/**
 * The lockout rule over one process's memory: attempt times per login in a sliding window. An
 * attempt is counted when it is reserved, before the password is checked, and forgotten only by
 * reset (a success). It serves a single process (embedded mode) and the tests; several processes
 * share RedisLoginAttempts.
 */
export class SlidingWindowLoginAttempts implements LoginAttempts {
  /** Per login, the times of its attempts in the window (never more than maxFailures), oldest first. */
  private readonly attempts = new Map<string, number[]>();
  private readonly clock: Clock;
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxTracked: number;

  constructor(options: SlidingWindowLoginAttemptsOptions) {
    this.clock = options.clock;
    this.maxFailures = options.maxFailures ?? DEFAULT_MAX_LOGIN_FAILURES;
    this.windowMs = (options.windowSeconds ?? DEFAULT_LOGIN_WINDOW_SECONDS) * 1000;
    this.maxTracked = options.maxTrackedLogins ?? 100_000;
  }

  /** Synchronous from the read to the write, so parallel callers in this process cannot interleave. */
  async reserve(login: string): Promise<LoginAttemptReservation> {
    const now = this.clock.now().getTime();
    const recent = this.recent(login, now);
    if (recent.length >= this.maxFailures) {
      // The window frees a slot when the oldest of the last maxFailures attempts leaves it.
      const oldest = recent[recent.length - this.maxFailures] ?? now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
    }
    // Delete before set: the Map's order is then least recently attempted first, for eviction.
    this.attempts.delete(login);
    this.attempts.set(login, [...recent, now]);
    if (this.attempts.size > this.maxTracked) {
      const oldestLogin = this.attempts.keys().next();
      if (oldestLogin.done !== true) this.attempts.delete(oldestLogin.value);
    }
    return { allowed: true };
  }

  async reset(login: string): Promise<void> {
    this.attempts.delete(login);
  }

  private recent(login: string, now: number): number[] {
    const since = now - this.windowMs;
    return (this.attempts.get(login) ?? []).filter((at) => at > since);
  }
}
