import { describe, expect, it } from "vitest";
import { Coalescer } from "../src/index.js";

/** A runner whose batches wait until released, recording what each batch carried. */
function heldRunner() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const run = async (inputs: readonly number[]) => {
    batches.push([...inputs]);
    await new Promise<void>((resolve) => releases.push(resolve));
    return inputs.map((n) => n * 10);
  };
  const releaseNext = async () => {
    while (releases.length === 0) await Promise.resolve();
    releases.shift()?.();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { run, batches, releaseNext };
}

describe("Coalescer", () => {
  it("starts a call at once when idle, and carries the calls made meanwhile in the next batch, in arrival order", async () => {
    const { run, batches, releaseNext } = heldRunner();
    const c = new Coalescer(run, 10);
    const first = c.submit(1);
    expect(batches).toEqual([[1]]);
    const later = [c.submit(2), c.submit(3), c.submit(4)];
    expect(batches).toEqual([[1]]);
    await releaseNext();
    expect(await first).toBe(10);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await releaseNext();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it("bounds a batch at maxBatch", async () => {
    const { run, batches, releaseNext } = heldRunner();
    const c = new Coalescer(run, 2);
    const all = [1, 2, 3, 4, 5, 6].map((n) => c.submit(n));
    for (let i = 0; i < 4; i++) await releaseNext();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(batches).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it("rejects every call of a failed batch with its error, and runs the next batch", async () => {
    let calls = 0;
    const c = new Coalescer(async (inputs: readonly number[]) => {
      calls++;
      if (calls === 2) throw new Error("database down");
      return inputs.map((n) => -n);
    }, 10);
    const first = c.submit(1);
    const failed = [c.submit(2), c.submit(3)];
    expect(await first).toBe(-1);
    for (const f of failed) await expect(f).rejects.toThrow("database down");
    expect(await c.submit(4)).toBe(-4);
  });

  it("rejects a batch answered with the wrong number of results", async () => {
    const c = new Coalescer(async () => [], 10);
    await expect(c.submit(1)).rejects.toThrow(/answered 0 results/);
  });
});
