import { StorageUnavailableError } from "@orders/domain";
import type { RedisClient } from "./connectRedis.js";

/** Readiness: resolves when Redis answers PING, rejects with StorageUnavailableError otherwise. */
export async function checkRedis(client: RedisClient): Promise<void> {
  try {
    await client.ping();
  } catch (error) {
    throw new StorageUnavailableError(error);
  }
}
