// Readiness probe for Redis: one server, or every master of a cluster.
import { StorageUnavailableError } from "@orders/domain";
import { isRedisCluster, type RedisClient } from "./connectRedis.js";

/**
 * Readiness: resolves when Redis answers PING (on a cluster: every master), rejects with
 * StorageUnavailableError otherwise.
 */
export async function checkRedis(client: RedisClient): Promise<void> {
  try {
    if (!isRedisCluster(client)) {
      await client.ping();
      return;
    }
    if (!client.isOpen || client.masters.length === 0) throw new Error("redis cluster is not connected");
    await Promise.all(client.masters.map(async (master) => (await client.nodeClient(master)).ping()));
  } catch (error) {
    throw new StorageUnavailableError(error);
  }
}
