import type { MikroORM } from '@loyalty/db';
import { connectRedis, createRateLimits, createSignInGuard, type GuardConfig, type RedisConnection, type SignInGuard } from '@loyalty/guard';
import { redisDenylist, redisPrincipalCache, type PrincipalCache, type TokenDenylist } from '@loyalty/identity';
import type { Logger } from '@loyalty/platform';
import type { HttpAppOptions } from '@loyalty/platform/http';
import { businessPlans } from './business-plans.js';

/** What an API's routes and token verifier share through Redis (or per-process memory without it). */
export interface ApiGuards {
  redis: RedisConnection;
  /** For createTokenVerifier and the sign-out endpoints: `denylist.deny(principal.token, principal.expiresAt)`. */
  denylist: TokenDenylist;
  principalCache: PrincipalCache;
  signInGuard: SignInGuard;
  /** Pass to createHttpApp: rate limits and the CORS allow-list. */
  http: HttpAppOptions;
}

export function createApiGuards(config: GuardConfig & { RESOURCE_PREFIX: string }, service: string, orm: MikroORM, logger: Logger): ApiGuards {
  const redis = connectRedis(config.REDIS_URL, logger);
  const prefix = config.RESOURCE_PREFIX;
  return {
    redis,
    denylist: redisDenylist(redis, prefix),
    principalCache: redisPrincipalCache(redis, prefix),
    signInGuard: createSignInGuard(redis, `${prefix}:${service}`, config.SIGN_IN_LOCKOUT, config.SIGN_IN_LOCKOUT_SECONDS),
    http: {
      corsOrigins: config.CORS_ORIGINS,
      rateLimits: createRateLimits(redis, config, `${prefix}:${service}`, businessPlans(orm), logger),
    },
  };
}
