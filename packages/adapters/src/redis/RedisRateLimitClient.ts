// node-redis seen through the four commands a rate-limit store's Lua scripts need (load, run by sha, decr, del).
import { isRedisCluster, type RedisClient } from "./connectRedis.js";

/**
 * The client shape hono-rate-limiter's RedisStore calls (it was written for @upstash/redis and
 * ioredis, whose evalsha takes keys and arguments as two arrays); node-redis spells it
 * `evalSha(sha, { keys, arguments })` with string arguments. Declared here structurally, so the
 * adapters package needs no dependency on the HTTP middleware.
 */
export interface RateLimitRedisCommands {
  scriptLoad(script: string): Promise<string>;
  evalsha<TArgs extends unknown[], TData = unknown>(sha1: string, keys: string[], args: TArgs): Promise<TData>;
  decr(key: string): Promise<number>;
  del(key: string): Promise<number>;
}

export function redisRateLimitClient(client: RedisClient): RateLimitRedisCommands {
  return {
    // On a cluster SCRIPT LOAD goes to one node, while EVALSHA goes to the key's master: load it on every master.
    scriptLoad: async (script) => {
      if (!isRedisCluster(client)) return client.scriptLoad(script);
      const shas = await Promise.all(client.masters.map(async (m) => (await client.nodeClient(m)).scriptLoad(script)));
      return shas[0] ?? "";
    },
    evalsha: async <TArgs extends unknown[], TData>(sha1: string, keys: string[], args: TArgs) =>
      (await client.evalSha(sha1, { keys, arguments: args.map(String) })) as TData,
    decr: (key) => client.decr(key),
    del: (key) => client.del(key),
  };
}
