import type { Context, Middleware } from 'koa';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError, type Logger } from '@loyalty/platform';
import type { GuardConfig } from '../guard-config.js';
import { createLimiter } from '../limiter.js';
import type { RedisConnection } from '../redis-connection.js';
import { authCharges, requestCharges, type Charge, type LimitName, type Plan } from './charges.js';

/** Two places in the pipeline: before the routes (auth, by IP and account) and after authentication. */
export interface RateLimits {
  beforeRoutes: Middleware;
  afterAuth: Middleware;
}

interface Counted {
  limit: number;
  result: RateLimiterRes;
}

export function createRateLimits(
  redis: RedisConnection,
  config: GuardConfig,
  keyPrefix: string,
  planOf: (businessId: string) => Promise<Plan>,
  logger: Logger,
): RateLimits {
  const settings: Record<LimitName, { points: number; seconds: number }> = {
    auth: config.RATE_LIMIT_AUTH,
    transactions: config.RATE_LIMIT_TRANSACTIONS,
    analytics: config.RATE_LIMIT_ANALYTICS,
    standard: config.RATE_LIMIT_STANDARD,
    pro: config.RATE_LIMIT_PRO,
  };
  const limiters = Object.fromEntries(
    Object.entries(settings).map(([name, limit]) => [name, createLimiter(redis, `${keyPrefix}:rate:${name}`, limit)]),
  ) as Record<LimitName, RateLimiterAbstract>;

  const enforce = async (ctx: Context, charges: Charge[]) => {
    if (charges.length === 0) return;
    const counted = await Promise.all(charges.map((charge) => consume(limiters[charge.limit], settings[charge.limit].points, charge.key, logger)));
    const known = counted.filter((c): c is Counted => c !== undefined);
    const tightest = known.toSorted((a, b) => a.result.remainingPoints - b.result.remainingPoints || b.result.msBeforeNext - a.result.msBeforeNext)[0];
    if (!tightest) return;
    const resetSeconds = Math.max(1, Math.ceil(tightest.result.msBeforeNext / 1000));
    ctx.set('RateLimit-Limit', String(tightest.limit));
    ctx.set('RateLimit-Remaining', String(Math.max(0, tightest.result.remainingPoints)));
    ctx.set('RateLimit-Reset', String(resetSeconds));
    const refused = known.filter((c) => c.result.consumedPoints > c.limit);
    if (refused.length > 0) {
      const retryAfterSeconds = Math.max(...refused.map((c) => Math.max(1, Math.ceil(c.result.msBeforeNext / 1000))));
      throw new AppError({ code: 'RATE_LIMITED', status: 429, detail: 'Too many requests. Slow down and retry later.', extra: { retryAfterSeconds } });
    }
  };

  return {
    beforeRoutes: async (ctx, next) => {
      await enforce(ctx, authCharges(ctx));
      await next();
    },
    afterAuth: async (ctx, next) => {
      await enforce(ctx, await requestCharges(ctx, planOf));
      await next();
    },
  };
}

/** A refusal is a result too; any other failure (both stores broken) lets the request through. */
async function consume(limiter: RateLimiterAbstract, limit: number, key: string, logger: Logger): Promise<Counted | undefined> {
  try {
    return { limit, result: await limiter.consume(key) };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { limit, result: error };
    logger.warn({ err: error }, 'rate limiter failed: request let through');
    return undefined;
  }
}
