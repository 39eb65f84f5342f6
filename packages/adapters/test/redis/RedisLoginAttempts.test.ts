import { SlidingWindowLoginAttempts } from "@orders/domain";
import { FixedClock } from "@orders/domain/testing";
import { afterAll, beforeAll } from "vitest";
import { type RedisClient, RedisLoginAttempts } from "../../src/redis/index.js";
import { describeWithServer } from "../support/servers.js";
import { loginAttemptsContract } from "./loginAttemptsContract.js";
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from "./redisTestClient.js";

loginAttemptsContract("SlidingWindowLoginAttempts", async (maxFailures, windowSeconds) => {
  const clock = new FixedClock();
  return {
    attempts: new SlidingWindowLoginAttempts({ clock, maxFailures, windowSeconds }),
    elapse: async (s) => clock.advanceSeconds(s),
  };
});

const redisUrl = testRedisUrl();

describeWithServer("redis")("RedisLoginAttempts", () => {
  let client: RedisClient;
  beforeAll(async () => {
    client = await connectTestRedis(redisUrl ?? "");
  });
  afterAll(() => {
    client.destroy();
  });

  loginAttemptsContract("RedisLoginAttempts", async (maxFailures, windowSeconds) => {
    const prefix = uniquePrefix("login");
    return {
      attempts: new RedisLoginAttempts(client, { prefix, maxFailures, windowSeconds }),
      elapse: (s) => new Promise((resolve) => setTimeout(resolve, s * 1000)),
      close: () => deletePrefix(client, prefix),
    };
  });
});
