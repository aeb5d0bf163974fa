import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@loyalty/platform';
import type { Limit } from './guard-config.js';
import { createLimiter } from './limiter.js';
import type { RedisConnection } from './redis-connection.js';

/** How many times one key may do a costly thing per window (businesses founded per user per day, say). */
export interface Quota {
  /** Counts one use; throws 429 with `code` and retryAfterSeconds once the key has used up its window. */
  take(key: string): Promise<void>;
}

export function createQuota(redis: RedisConnection, keyPrefix: string, limit: Limit, refusal: { code: string; detail: string }): Quota {
  const limiter = createLimiter(redis, keyPrefix, limit);
  return {
    async take(key) {
      try {
        await limiter.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new AppError({
          code: refusal.code,
          status: 429,
          detail: refusal.detail,
          extra: { retryAfterSeconds, limit: limit.points, windowSeconds: limit.seconds },
        });
      }
    },
  };
}
