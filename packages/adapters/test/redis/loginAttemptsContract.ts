import { DEFAULT_LOGIN_WINDOW_SECONDS, DEFAULT_MAX_LOGIN_FAILURES, type LoginAttempts } from "@orders/domain";
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

    const reserveTimes = async (login: string, times: number) => {
      for (let i = 0; i < times; i++) expect(await attempts.reserve(login)).toEqual({ allowed: true });
    };

    it("allows maxFailures attempts in the window, then refuses with the seconds to wait", async () => {
      await reserveTimes("ann@example.com", MAX);
      const refused = await attempts.reserve("ann@example.com");
      expect(refused).toMatchObject({ allowed: false });
      const wait = refused.allowed ? 0 : refused.retryAfterSeconds;
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(WINDOW);
    });

    it("counts attempts per login", async () => {
      await reserveTimes("ann@example.com", MAX);
      expect(await attempts.reserve("bob@example.com")).toEqual({ allowed: true });
    });

    it("allows exactly 5 of 50 parallel reservations for one login, on the real policy", async () => {
      const real = await make(DEFAULT_MAX_LOGIN_FAILURES, DEFAULT_LOGIN_WINDOW_SECONDS);
      try {
        const answers = await Promise.all(Array.from({ length: 50 }, () => real.attempts.reserve("ann@example.com")));
        expect(answers.filter((a) => a.allowed)).toHaveLength(5);
        for (const refused of answers.filter((a) => !a.allowed)) {
          expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
          const wait = refused.allowed ? 0 : refused.retryAfterSeconds;
          expect(wait).toBeGreaterThanOrEqual(1);
          expect(wait).toBeLessThanOrEqual(DEFAULT_LOGIN_WINDOW_SECONDS);
        }
        expect(await real.attempts.reserve("ann@example.com")).toMatchObject({ allowed: false });
      } finally {
        await real.close?.();
      }
    });

    it("forgets the attempts of a login on reset", async () => {
      await reserveTimes("ann@example.com", MAX);
      await attempts.reset("ann@example.com");
      await reserveTimes("ann@example.com", MAX);
    });

    it("allows the login again once the window has passed", async () => {
      await reserveTimes("ann@example.com", MAX);
      await subject.elapse(WINDOW + 0.2);
      expect(await attempts.reserve("ann@example.com")).toEqual({ allowed: true });
    });
  });
}
