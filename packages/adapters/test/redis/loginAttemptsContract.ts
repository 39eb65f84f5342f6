import type { LoginAttempts } from "@orders/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

export interface LoginAttemptsSubject {
  readonly attempts: LoginAttempts;
  /** Lets `seconds` pass for the implementation (a fake clock moves, a real one is waited on). */
  readonly elapse: (seconds: number) => Promise<void>;
  readonly close?: () => Promise<void>;
}

/** `make(maxFailures, windowSeconds)` builds a fresh counter with that policy. */
export function loginAttemptsContract(
  name: string,
  make: (maxFailures: number, windowSeconds: number) => Promise<LoginAttemptsSubject>,
): void {
  describe(`LoginAttempts contract: ${name}`, () => {
    const MAX = 3;
    const WINDOW = 1;
    let subject: LoginAttemptsSubject;
    let attempts: LoginAttempts;

    beforeEach(async () => {
      subject = await make(MAX, WINDOW);
      attempts = subject.attempts;
    });
    afterEach(async () => {
      await subject.close?.();
    });

    it("lets a login try until it has failed maxFailures times in the window", async () => {
      expect(await attempts.retryAfterSeconds("ann@example.com")).toBe(0);
      for (let i = 1; i < MAX; i++) await attempts.recordFailure("ann@example.com");
      expect(await attempts.retryAfterSeconds("ann@example.com")).toBe(0);
      await attempts.recordFailure("ann@example.com");
      const wait = await attempts.retryAfterSeconds("ann@example.com");
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(WINDOW);
    });

    it("counts failures per login", async () => {
      for (let i = 0; i < MAX; i++) await attempts.recordFailure("ann@example.com");
      await attempts.recordFailure("bob@example.com");
      expect(await attempts.retryAfterSeconds("bob@example.com")).toBe(0);
    });

    it("counts concurrent failures, none lost", async () => {
      await Promise.all(Array.from({ length: MAX }, () => attempts.recordFailure("ann@example.com")));
      expect(await attempts.retryAfterSeconds("ann@example.com")).toBeGreaterThan(0);
    });

    it("forgets the failures of a login on reset", async () => {
      for (let i = 0; i < MAX; i++) await attempts.recordFailure("ann@example.com");
      await attempts.reset("ann@example.com");
      expect(await attempts.retryAfterSeconds("ann@example.com")).toBe(0);
    });

    it("lets the login try again once the window has passed", async () => {
      for (let i = 0; i < MAX; i++) await attempts.recordFailure("ann@example.com");
      await subject.elapse(WINDOW + 0.2);
      expect(await attempts.retryAfterSeconds("ann@example.com")).toBe(0);
    });
  });
}
