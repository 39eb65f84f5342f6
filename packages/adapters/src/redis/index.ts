export { checkRedis } from "./checkRedis.js";
export {
  type ConnectRedisOptions,
  connectRedis,
  isRedisCluster,
  isRedisReadyFor,
  parseRedisTarget,
  type RedisClient,
  type RedisClusterClient,
  type RedisSingleClient,
  type RedisTarget,
  redisUrlProblem,
} from "./connectRedis.js";
export { RedisLoginAttempts, type RedisLoginAttemptsOptions } from "./RedisLoginAttempts.js";
export { type RateLimitRedisCommands, redisRateLimitClient } from "./RedisRateLimitClient.js";
export {
  RedisReservationTimer,
  type RedisReservationTimerOptions,
  type ReservationTimerOperation,
} from "./RedisReservationTimer.js";
