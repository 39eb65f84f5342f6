import {
  DEFAULT_LOGIN_WINDOW_SECONDS,
  DEFAULT_MAX_LOGIN_FAILURES,
  type LoginAttemptReservation,
  type LoginAttempts,
  StorageUnavailableError,
} from "@orders/domain";
import { isRedisReadyFor, type RedisClient } from "./connectRedis.js";

export interface RedisLoginAttemptsOptions {
  /** Key namespace (and hash tag). Default "orders". */
  readonly prefix?: string;
  readonly maxFailures?: number;
  readonly windowSeconds?: number;
}

/**
 * Log-in attempts counted in Redis over a fixed window that opens at the first attempt: one
 * counter per login. `reserve` is one MULTI (INCR, PEXPIRE NX, PTTL), so the count and the
 * judgement are a single atomic step: of any number of parallel attempts, exactly those that
 * drew a count up to maxFailures are allowed, and later ones do not extend the window. Shared by
 * every HTTP replica. The key keeps its old name (login-failures): an allowed attempt counts as a
 * failure until a success resets it.
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

  reserve(login: string): Promise<LoginAttemptReservation> {
    const key = this.key(login);
    return guard(this.client, key, async () => {
      // Refused attempts are counted too; harmless, as only "up to maxFailures" is ever allowed.
      const [count, , ttlMs] = await this.client.multi().incr(key).pExpire(key, this.windowMs, "NX").pTTL(key).exec();
      if (Number(count) <= this.maxFailures) return { allowed: true };
      // PEXPIRE NX ran in the same MULTI, so there is a TTL; should there not be, wait a full window.
      const left = typeof ttlMs === "number" && ttlMs > 0 ? ttlMs : this.windowMs;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
    });
  }

  reset(login: string): Promise<void> {
    const key = this.key(login);
    return guard(this.client, key, async () => {
      await this.client.del(key);
    });
  }

  private key(login: string): string {
    return `${this.keyPrefix}${login}`;
  }
}

async function guard<T>(client: RedisClient, key: string, work: () => Promise<T>): Promise<T> {
  try {
    // MULTI ... EXEC on a disconnected client waits for the next reconnect; fail at once instead.
    if (!isRedisReadyFor(client, key)) throw new Error("redis is not connected");
    return await work();
  } catch (error) {
    throw new StorageUnavailableError(error);
  }
}
