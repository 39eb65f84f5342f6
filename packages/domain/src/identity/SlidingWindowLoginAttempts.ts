import type { Clock } from "../ports/Clock.js";
import {
  DEFAULT_LOGIN_WINDOW_SECONDS,
  DEFAULT_MAX_LOGIN_FAILURES,
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
 * The lockout rule over one process's memory: failure times per login in a sliding window. It
 * serves a single process (embedded mode) and the tests; several processes share RedisLoginAttempts.
 */
export class SlidingWindowLoginAttempts implements LoginAttempts {
  private readonly failures = new Map<string, number[]>();
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

  async retryAfterSeconds(login: string): Promise<number> {
    const recent = this.recent(login);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? 0;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.clock.now().getTime()) / 1000));
  }

  async recordFailure(login: string): Promise<void> {
    // Only the last maxFailures times matter for the decision.
    const kept = [...this.recent(login), this.clock.now().getTime()].slice(-this.maxFailures);
    this.failures.delete(login);
    this.failures.set(login, kept);
    if (this.failures.size > this.maxTracked) {
      const oldest = this.failures.keys().next();
      if (oldest.done !== true) this.failures.delete(oldest.value);
    }
  }

  async reset(login: string): Promise<void> {
    this.failures.delete(login);
  }

  private recent(login: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    return (this.failures.get(login) ?? []).filter((at) => at > since);
  }
}
