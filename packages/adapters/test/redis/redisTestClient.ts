import { randomUUID } from "node:crypto";
import clusterKeySlot from "cluster-key-slot";
import { connectRedis, isRedisCluster, type RedisClient } from "../../src/redis/index.js";
import { redisUrl } from "../support/servers.js";

/** The test Redis, or undefined when TEST_REDIS_URL is not set (Redis tests are then skipped). */
export const testRedisUrl = redisUrl;

/** A key prefix no other test (or helper) uses. */
export const uniquePrefix = (label: string): string => `test-${label}-${randomUUID().slice(0, 8)}`;

/** Deletes every key of one prefix (its hash tag), leaving the rest of the shared Redis alone. */
export async function deletePrefix(client: RedisClient, prefix: string): Promise<void> {
  const tag = `{${prefix}}`;
  // On a cluster every key of the prefix lives on the master of its hash tag's slot: scan that one.
  const node = isRedisCluster(client)
    ? await client.nodeClient(client.slots[clusterKeySlot(tag)]?.master ?? fail())
    : client;
  const keys: string[] = [];
  for await (const batch of node.scanIterator({ MATCH: `${tag}*`, COUNT: 500 })) keys.push(...batch);
  if (keys.length > 0) await client.unlink(keys);
}

export async function connectTestRedis(url: string): Promise<RedisClient> {
  return connectRedis(url);
}

function fail(): never {
  throw new Error("the cluster client knows no master for the slot");
}
