import {
  DEFAULT_LOGIN_WINDOW_SECONDS,
  DEFAULT_MAX_LOGIN_FAILURES,
  type LoginAttempts,
  StorageUnavailableError,
} from "@orders/domain";
import type { RedisClient } from "./connectRedis.js";

export interface RedisLoginAttemptsOptions {
  /** Key namespace (and hash tag). Default "orders". */
  readonly prefix?: string;
  readonly maxFailures?: number;
  readonly windowSeconds?: number;
}

/**
 * Failed log-ins counted in Redis over a fixed window that opens at the first failure: one
 * counter per login, INCR and PEXPIRE NX in one MULTI, so concurrent failures are all counted
 * and the window is not extended by later ones. Shared by every HTTP replica.
 */
export class RedisLoginAttempts implements LoginAttempts {
  private readonly keyPrefix: string;
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(
    private readonly client: RedisClient,
    options: RedisLoginAttemptsOptions = {},
  ) {
    this.keyPrefix = `{${options.prefix ?? "orders"}}:login-failures:`;
    this.maxFailures = options.maxFailures ?? DEFAULT_MAX_LOGIN_FAILURES;
    this.windowMs = (options.windowSeconds ?? DEFAULT_LOGIN_WINDOW_SECONDS) * 1000;
  }

  retryAfterSeconds(login: string): Promise<number> {
    return guard(this.client, async () => {
      const key = this.key(login);
      const [count, ttlMs] = await this.client.multi().get(key).pTTL(key).exec();
      if (Number(count ?? 0) < this.maxFailures) return 0;
      // A counter without TTL (should not happen) would lock forever: treat as a full window.
      const left = typeof ttlMs === "number" && ttlMs > 0 ? ttlMs : this.windowMs;
      return Math.max(1, Math.ceil(left / 1000));
    });
  }

  recordFailure(login: string): Promise<void> {
    return guard(this.client, async () => {
      const key = this.key(login);
      await this.client.multi().incr(key).pExpire(key, this.windowMs, "NX").exec();
    });
  }

  reset(login: string): Promise<void> {
    return guard(this.client, async () => {
      await this.client.del(this.key(login));
    });
  }

  private key(login: string): string {
    return `${this.keyPrefix}${login}`;
  }
}

async function guard<T>(client: RedisClient, work: () => Promise<T>): Promise<T> {
  try {
    // MULTI ... EXEC on a disconnected client waits for the next reconnect; fail at once instead.
    if (!client.isReady) throw new Error("redis is not connected");
    return await work();
  } catch (error) {
    throw new StorageUnavailableError(error);
  }
}
