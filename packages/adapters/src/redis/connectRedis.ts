import { StorageUnavailableError } from "@orders/domain";
import { createClient } from "redis";

export type RedisClient = ReturnType<typeof createClient>;

export interface ConnectRedisOptions {
  /** Give up on one connection attempt after this long. */
  readonly connectTimeoutMs?: number;
  /** A command that gets no reply within this long rejects. */
  readonly commandTimeoutMs?: number;
  /** Longest pause between background reconnection attempts. */
  readonly maxReconnectDelayMs?: number;
  /**
   * true (default): resolve once connected, reject with StorageUnavailableError when the first
   * attempt fails. false: never reject: resolve once the first attempt has settled, connected or
   * failed (at most connectTimeoutMs), and keep connecting in the background; commands reject
   * until the connection is up (for a worker whose sweep must run while Redis is down). Waiting
   * for that first attempt means a healthy start sends its first command on a ready client.
   */
  readonly waitForConnection?: boolean;
  /** Called for every client error (connection refused, reset...); the client keeps reconnecting. */
  readonly onError?: (error: unknown) => void;
}

/**
 * A node-redis client that fails fast while Redis is down instead of queueing commands in memory,
 * and keeps reconnecting in the background with capped exponential backoff.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<RedisClient> {
  const maxDelay = options.maxReconnectDelayMs ?? 5_000;
  const client = createClient({
    url,
    // Commands issued while disconnected reject at once rather than waiting for a reconnect.
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs ?? 1_000 },
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 2_000,
      // Never give up: a Redis that comes back is picked up without a restart.
      reconnectStrategy: (retries) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
    },
  });
  // Without a listener an 'error' event would crash the process.
  client.on("error", (error: unknown) => options.onError?.(error));
  const connecting = client.connect();
  const firstFailure = new Promise<never>((_, reject) => {
    client.once("error", (error: unknown) => reject(new StorageUnavailableError(error)));
  });
  if (options.waitForConnection === false) {
    connecting.catch(() => undefined);
    await Promise.race([connecting, firstFailure]).catch(() => undefined);
    return client;
  }
  try {
    await Promise.race([connecting, firstFailure]);
    return client;
  } catch (error) {
    client.destroy();
    throw error;
  }
}
