import { FixedClock, InMemoryReservationTimer } from "@orders/domain/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InProcessReservationTimer } from "../../src/inprocess/index.js";

type Op =
  | { kind: "schedule"; id: number; at: number }
  | { kind: "cancel"; id: number }
  | { kind: "claim"; now: number; limit: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("schedule" as const),
    id: fc.integer({ min: 1, max: 20 }),
    at: fc.integer({ min: 0, max: 1_000 }),
  }),
  fc.record({ kind: fc.constant("cancel" as const), id: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant("claim" as const),
    now: fc.integer({ min: 0, max: 2_000 }),
    limit: fc.integer({ min: 1, max: 5 }),
  }),
);

describe("InProcessReservationTimer", () => {
  it("claims exactly what the domain fake claims, for any sequence of calls (heap vs. sort)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 80 }), async (ops) => {
        const clockA = new FixedClock(new Date(0));
        const clockB = new FixedClock(new Date(0));
        const fake = new InMemoryReservationTimer(clockA, 100);
        const heap = new InProcessReservationTimer({ clock: clockB, leaseMs: 100 });
        for (const o of ops) {
          if (o.kind === "schedule") {
            await fake.schedule(o.id, new Date(o.at));
            await heap.schedule(o.id, new Date(o.at));
          } else if (o.kind === "cancel") {
            await fake.cancel(o.id);
            await heap.cancel(o.id);
          } else {
            clockA.set(new Date(o.now));
            clockB.set(new Date(o.now));
            expect(await heap.claimDue(new Date(o.now), o.limit)).toEqual(
              await fake.claimDue(new Date(o.now), o.limit),
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("does not keep cancelled entries forever", async () => {
    const timer = new InProcessReservationTimer({ clock: new FixedClock(new Date(0)) });
    for (let id = 1; id <= 10_000; id++) {
      await timer.schedule(id, new Date(1_000 + id));
      await timer.cancel(id);
    }
    expect(timer.size).toBe(0);
    expect(await timer.claimDue(new Date(100_000), 10)).toEqual([]);
  });
});
