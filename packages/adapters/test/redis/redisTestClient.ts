import { randomUUID } from "node:crypto";
import { connectRedis, type RedisClient } from "../../src/redis/index.js";
import { redisUrl } from "../support/servers.js";

/** The test Redis, or undefined when TEST_REDIS_URL is not set (Redis tests are then skipped). */
export const testRedisUrl = redisUrl;

/** A key prefix no other test (or helper) uses. */
export const uniquePrefix = (label: string): string => `test-${label}-${randomUUID().slice(0, 8)}`;

/** Deletes every key of one prefix (its hash tag), leaving the rest of the shared Redis alone. */
export async function deletePrefix(client: RedisClient, prefix: string): Promise<void> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `{${prefix}}*`, COUNT: 500 })) keys.push(...batch);
  if (keys.length > 0) await client.unlink(keys);
}

export async function connectTestRedis(url: string): Promise<RedisClient> {
  return connectRedis(url);
}
