import { describe, expect, it } from "vitest";
import { coalescedReads } from "../../src/postgres/coalescedReads.js";

interface Row {
  readonly id: number;
}

/** A readMany that records each read's keys and answers when `release` is called. */
function recordingReads() {
  const reads: number[][] = [];
  const pending: (() => void)[] = [];
  const readMany = (keys: number[]) => {
    reads.push(keys);
    return new Promise<Row[]>((resolve) => {
      // Only odd keys exist.
      pending.push(() => resolve(keys.filter((k) => k % 2 === 1).map((id) => ({ id }))));
    });
  };
  const release = () => {
    for (const answer of pending.splice(0)) answer();
  };
  return { reads, readMany, release };
}

describe("coalescedReads", () => {
  it("reads at once when idle, then answers the calls made meanwhile with one read of their keys", async () => {
    const { reads, readMany, release } = recordingReads();
    const find = coalescedReads(readMany, (row: Row) => row.id);
    const first = find([1]);
    const second = find([3, 4]);
    const third = find([5, 3, 5]);
    expect(reads).toEqual([[1]]);
    release();
    await expect(first).resolves.toEqual([{ id: 1 }]);
    await Promise.resolve();
    expect(reads).toEqual([[1], [3, 4, 5]]);
    release();
    // Each call gets its own keys' rows, once each, in the order asked; a key with no row gets none.
    await expect(second).resolves.toEqual([{ id: 3 }]);
    await expect(third).resolves.toEqual([{ id: 5 }, { id: 3 }]);
  });

  it("never answers a call with a read that began before it was made", async () => {
    const { reads, readMany, release } = recordingReads();
    const find = coalescedReads(readMany, (row: Row) => row.id);
    const early = find([1]);
    const late = find([1]);
    release();
    await early;
    expect(reads).toHaveLength(2);
    release();
    await expect(late).resolves.toEqual([{ id: 1 }]);
  });

  it("rejects every call a failed read carried, and reads again for the next call", async () => {
    let fail = true;
    const find = coalescedReads(
      async (keys: number[]) => {
        if (fail) throw new Error("database down");
        return keys.map((id) => ({ id }));
      },
      (row: Row) => row.id,
    );
    const calls = [find([1]), find([2]), find([3])];
    const settled = await Promise.allSettled(calls);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
    fail = false;
    await expect(find([7])).resolves.toEqual([{ id: 7 }]);
  });
});
