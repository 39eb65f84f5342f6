// The per-user checkout rate limit: N requests per 10 s per signed-in user, 429 rate_limited with Retry-After beyond it.
import { type RedisClient, redisRateLimitClient } from "@orders/adapters";
import type { MiddlewareHandler } from "hono";
import { type ClientRateLimitInfo, MemoryStore, RedisStore, rateLimiter, type Store } from "hono-rate-limiter";
import type { AppEnv } from "./AppEnv.js";
import { HttpError } from "./HttpError.js";

/** The window CHECKOUT_RATE_LIMIT counts requests in. */
export const CHECKOUT_RATE_WINDOW_SECONDS = 10;
/** Requests per window per user when CHECKOUT_RATE_LIMIT is not set: a person never needs more, a bot is slowed. */
export const DEFAULT_CHECKOUT_RATE_LIMIT = 20;

export interface CheckoutRateLimitOptions {
  /** Requests per user per window; 0 turns the limit off. */
  readonly limit: number;
  /** Where the counts live: a RedisStore shared by every HTTP process, or one process's MemoryStore (the default). */
  readonly store?: Store<AppEnv>;
  /** Called when the store fails; the request is then let through (see failOpen). */
  readonly onStoreError?: (error: unknown) => void;
}

/** The store for a composition: Redis when there is one (real mode), this process's memory otherwise. */
export function checkoutRateLimitStore(redis: RedisClient | null): Store<AppEnv> {
  if (redis === null) return new MemoryStore<AppEnv>();
  // One hash tag for every key, like the other keys of this service: it runs on Redis Cluster.
  return new RedisStore<AppEnv>({ client: redisRateLimitClient(redis), prefix: "{orders}:checkout-rate:" });
}

/**
 * Counting must not decide whether checkout works: while the store is down (Redis restarting) the
 * request goes through uncounted and the failure is reported, as with the reservation timer.
 */
function failOpen(store: Store<AppEnv>, onError: (error: unknown) => void): Store<AppEnv> {
  const uncounted: ClientRateLimitInfo = { totalHits: 0 };
  return {
    init: (options) => store.init?.(options),
    increment: async (key) => {
      try {
        return await store.increment(key);
      } catch (error) {
        onError(error);
        return uncounted;
      }
    },
    decrement: async (key) => {
      try {
        await store.decrement(key);
      } catch (error) {
        onError(error);
      }
    },
    resetKey: (key) => store.resetKey(key),
    ...(store.localKeys === undefined ? {} : { localKeys: store.localKeys }),
    ...(store.prefix === undefined ? {} : { prefix: store.prefix }),
  };
}

/**
 * Mounted after `authenticate`: keyed by the user id, so one customer's burst never limits
 * another, and a request without a valid token is refused before it counts. Every request
 * counts, answered or refused (a fixed window of CHECKOUT_RATE_WINDOW_SECONDS that opens at the
 * user's first request: hono-rate-limiter's stores, one atomic Lua script per request in Redis).
 */
export function checkoutRateLimit(options: CheckoutRateLimitOptions): MiddlewareHandler<AppEnv> {
  if (options.limit === 0) return async (_c, next) => next();
  const windowMs = CHECKOUT_RATE_WINDOW_SECONDS * 1000;
  return rateLimiter<AppEnv>({
    windowMs,
    limit: options.limit,
    standardHeaders: false,
    keyGenerator: (c) => String(c.get("actor").userId),
    store: failOpen(options.store ?? new MemoryStore<AppEnv>(), options.onStoreError ?? (() => undefined)),
    handler: (c) => {
      const resetAt = c.get("rateLimit")?.resetTime?.getTime() ?? Date.now() + windowMs;
      const retryAfterSeconds = Math.min(
        CHECKOUT_RATE_WINDOW_SECONDS,
        Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)),
      );
      throw new HttpError(
        "rate_limited",
        `more than ${options.limit} checkouts in ${CHECKOUT_RATE_WINDOW_SECONDS} s, retry in ${retryAfterSeconds} s`,
        { retry_after_seconds: retryAfterSeconds, limit: options.limit },
      );
    },
  });
}
