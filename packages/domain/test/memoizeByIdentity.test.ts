import { describe, expect, it } from "vitest";
import { memoizeByIdentity } from "../src/shared/memoizeByIdentity.js";

describe("memoizeByIdentity", () => {
  it("computes once per object and again for an equal but different object", () => {
    let calls = 0;
    const size = memoizeByIdentity((list: readonly number[]) => {
      calls++;
      return { n: list.length };
    });
    const page = [1, 2, 3];
    const first = size(page);
    expect(size(page)).toBe(first);
    expect(calls).toBe(1);
    expect(size([1, 2, 3])).toEqual(first);
    expect(calls).toBe(2);
  });

  it("remembers an undefined answer too", () => {
    let calls = 0;
    const nothing = memoizeByIdentity((_key: object) => {
      calls++;
      return undefined;
    });
    const key = {};
    nothing(key);
    nothing(key);
    expect(calls).toBe(1);
  });
});
