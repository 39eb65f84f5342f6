import "reflect-metadata";
import { container } from "tsyringe";
import { describe, expect, it } from "vitest";
import { provide, resolve, token } from "../src/tokens.js";

describe("typed tokens", () => {
  it("build a provided value once and answer it to every resolve", () => {
    const c = container.createChildContainer();
    const Counter = token<{ readonly n: number }>("Counter");
    let built = 0;
    provide(c, Counter, () => ({ n: ++built }));
    expect(resolve(c, Counter)).toBe(resolve(c, Counter));
    expect(resolve(c, Counter).n).toBe(1);
  });

  it("let a factory resolve what it needs through other tokens", () => {
    const c = container.createChildContainer();
    const Name = token<string>("Name");
    const Greeting = token<string>("Greeting");
    provide(c, Name, () => "worker");
    provide(c, Greeting, (r) => `hello ${resolve(r, Name)}`);
    expect(resolve(c, Greeting)).toBe("hello worker");
  });

  it("answer null when the factory does", () => {
    const c = container.createChildContainer();
    const Redis = token<{ ping(): void } | null>("Redis");
    provide(c, Redis, () => null);
    expect(resolve(c, Redis)).toBeNull();
  });
});
