import {
  type Clock,
  DEFAULT_LOGIN_WINDOW_SECONDS,
  DEFAULT_MAX_LOGIN_FAILURES,
  type LoginAttempts,
} from "@orders/domain";
import { SystemClock } from "./SystemClock.js";

export interface InProcessLoginAttemptsOptions {
  readonly maxFailures?: number;
  readonly windowSeconds?: number;
  readonly clock?: Clock;
  /** Logins tracked at most; the oldest are forgotten first, so a flood cannot exhaust memory. */
  readonly maxTrackedLogins?: number;
}

/** Embedded mode's lockout counter: failure times per login over a sliding window, in memory. */
export class InProcessLoginAttempts implements LoginAttempts {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly maxTracked: number;

  constructor(options: InProcessLoginAttemptsOptions = {}) {
    this.maxFailures = options.maxFailures ?? DEFAULT_MAX_LOGIN_FAILURES;
    this.windowMs = (options.windowSeconds ?? DEFAULT_LOGIN_WINDOW_SECONDS) * 1000;
    this.clock = options.clock ?? new SystemClock();
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
