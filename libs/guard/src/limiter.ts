import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Limit } from './guard-config.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * A limiter counted in Redis, so every copy of an API shares one budget; while Redis is away (or not
 * configured) each process counts on its own in memory. That lets a caller spread over N processes
 * get up to N times the limit during an outage: the price of serving instead of failing closed.
 */
export function createLimiter(redis: RedisConnection, keyPrefix: string, limit: Limit): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points: limit.points, duration: limit.seconds });
  if (!redis.client) return memory;
  return new RateLimiterRedis({
    storeClient: redis.client,
    keyPrefix,
    points: limit.points,
    duration: limit.seconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}
