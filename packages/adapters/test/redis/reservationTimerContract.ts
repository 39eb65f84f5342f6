import type { ReservationTimer } from "@orders/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

export interface TimerSubject {
  readonly timer: ReservationTimer;
  /** The lease the timer was built with. */
  readonly leaseMs: number;
  /** Moves the clock the timer starts leases on (a no-op for timers that lease from `now`). */
  readonly setNow: (now: Date) => void;
  readonly close?: () => Promise<void>;
}

const T0 = Date.parse("2030-01-01T00:00:00.000Z");
const at = (ms: number): Date => new Date(T0 + ms);

/** The behaviour every ReservationTimer must have; `make` builds a fresh, empty timer. */
export function reservationTimerContract(name: string, make: () => Promise<TimerSubject>): void {
  describe(`ReservationTimer contract: ${name}`, () => {
    let subject: TimerSubject;
    let timer: ReservationTimer;
    const claim = (ms: number, limit = 100): Promise<number[]> => {
      subject.setNow(at(ms));
      return timer.claimDue(at(ms), limit);
    };

    beforeEach(async () => {
      subject = await make();
      timer = subject.timer;
    });
    afterEach(async () => {
      await subject.close?.();
    });

    it("hands an order out once its deadline is reached, not before", async () => {
      await timer.schedule(7, at(1_000));
      expect(await claim(999)).toEqual([]);
      expect(await claim(1_000)).toEqual([7]);
    });

    it("schedules many orders in one call, replacing earlier deadlines, like one schedule each", async () => {
      await timer.schedule(8, at(50));
      await timer.scheduleMany([]);
      await timer.scheduleMany([
        { orderId: 8, expiresAt: at(3_000) },
        { orderId: 12, expiresAt: at(1_000) },
        { orderId: 9, expiresAt: at(2_000) },
      ]);
      expect(await claim(100)).toEqual([]);
      expect(await claim(2_500)).toEqual([12, 9]);
      expect(await claim(3_000)).toEqual([8]);
    });

    it("claims due orders earliest deadline first", async () => {
      // Ids chosen so that numeric, string and deadline order all differ.
      await timer.schedule(100, at(3_000));
      await timer.schedule(30, at(1_000));
      await timer.schedule(4, at(2_000));
      await timer.schedule(5, at(9_000));
      expect(await claim(5_000)).toEqual([30, 4, 100]);
    });

    it("breaks ties between equal deadlines by order id, as the Postgres sweep does", async () => {
      for (const id of [100, 9, 20, 1]) await timer.schedule(id, at(500));
      expect(await claim(1_000, 3)).toEqual([1, 9, 20]);
    });

    it("claims at most `limit`, earliest first, the rest on the next call", async () => {
      for (let id = 1; id <= 5; id++) await timer.schedule(id, at(id * 10));
      expect(await claim(1_000, 2)).toEqual([1, 2]);
      expect(await claim(1_000, 2)).toEqual([3, 4]);
      expect(await claim(1_000, 2)).toEqual([5]);
      expect(await claim(1_000, 2)).toEqual([]);
    });

    it("forgets a cancelled order, and cancelling an unknown order is fine", async () => {
      await timer.schedule(1, at(10));
      await timer.schedule(2, at(20));
      await timer.cancel(1);
      await timer.cancel(999);
      expect(await claim(1_000)).toEqual([2]);
    });

    it("hides a claimed order for the lease, then hands it out again", async () => {
      await timer.schedule(1, at(0));
      expect(await claim(0)).toEqual([1]);
      expect(await claim(subject.leaseMs - 1)).toEqual([]);
      expect(await claim(subject.leaseMs)).toEqual([1]);
    });

    it("never hands out again an order cancelled after its claim (released)", async () => {
      await timer.schedule(1, at(0));
      expect(await claim(0)).toEqual([1]);
      await timer.cancel(1);
      expect(await claim(subject.leaseMs * 3)).toEqual([]);
    });

    it("replaces the deadline when an order is scheduled again", async () => {
      await timer.schedule(1, at(1_000));
      await timer.schedule(1, at(8_000));
      expect(await claim(5_000)).toEqual([]);
      await timer.schedule(2, at(10_000));
      await timer.schedule(2, at(2_000));
      expect(await claim(5_000)).toEqual([2]);
      expect(await claim(8_000)).toEqual([1]);
    });

    it("gives each of 1,000 due orders to exactly one of 4 concurrent claimers", async () => {
      const ids = Array.from({ length: 1_000 }, (_, i) => i + 1);
      for (let i = 0; i < ids.length; i += 100) {
        await Promise.all(ids.slice(i, i + 100).map((id) => timer.schedule(id, at(id % 7))));
      }
      subject.setNow(at(100));
      const claimer = async (): Promise<number[]> => {
        const mine: number[] = [];
        for (;;) {
          const batch = await timer.claimDue(at(100), 37);
          if (batch.length === 0) return mine;
          mine.push(...batch);
        }
      };
      const claimed = (await Promise.all([claimer(), claimer(), claimer(), claimer()])).flat();
      expect(claimed.length).toBe(ids.length);
      expect([...new Set(claimed)].sort((a, b) => a - b)).toEqual(ids);
    });
  });
}
