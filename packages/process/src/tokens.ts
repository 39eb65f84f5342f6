// tsyringe needs the Reflect polyfill loaded before it, whichever entry imports this first.
import "reflect-metadata";
import { type DependencyContainer, instanceCachingFactory } from "tsyringe";

declare const resolves: unique symbol;

/** An injection token that knows the type of what it resolves to. */
export type Token<T> = symbol & { readonly [resolves]?: T };

/** A new token for values of type T; `name` is what tsyringe prints when nothing is registered. */
export function token<T>(name: string): Token<T> {
  return Symbol(name);
}

/**
 * Registers `make` for `token` as a cached factory: it runs on the first resolve, and that value is
 * answered afterwards (a null or undefined answer is asked for again, and is cheap to give).
 * Factories only, so nothing the container builds needs decorators or reflect-metadata.
 */
export function provide<T>(c: DependencyContainer, key: Token<T>, make: (c: DependencyContainer) => T): void {
  c.register<T>(key, { useFactory: instanceCachingFactory<T>(make) });
}

/** What `key` resolves to, typed by the token: no cast at the call site. */
export function resolve<T>(c: DependencyContainer, key: Token<T>): T {
  return c.resolve<T>(key);
}
