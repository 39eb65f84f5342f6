import type { Clock } from "../ports/Clock.js";
import {
  DEFAULT_LOGIN_WINDOW_SECONDS,
  DEFAULT_MAX_LOGIN_FAILURES,
  type LoginAttempts,
} from "../ports/LoginAttempts.js";

/** Failure times per login in a Map, on the injected clock. */
export class InMemoryLoginAttempts implements LoginAttempts {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly maxFailures = DEFAULT_MAX_LOGIN_FAILURES,
    private readonly windowSeconds = DEFAULT_LOGIN_WINDOW_SECONDS,
  ) {}

  async retryAfterSeconds(login: string): Promise<number> {
    const recent = this.recent(login);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? 0;
    return Math.max(1, Math.ceil((oldest + this.windowSeconds * 1000 - this.clock.now().getTime()) / 1000));
  }

  async recordFailure(login: string): Promise<void> {
    this.failures.set(login, [...this.recent(login), this.clock.now().getTime()]);
  }

  async reset(login: string): Promise<void> {
    this.failures.delete(login);
  }

  private recent(login: string): number[] {
    const since = this.clock.now().getTime() - this.windowSeconds * 1000;
    return (this.failures.get(login) ?? []).filter((at) => at > since);
  }
}
