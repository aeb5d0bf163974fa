export { connectRedis, type RedisConnection } from './redis-connection.js';
export { guardEnv, limitEnv, type GuardConfig, type Limit } from './guard-config.js';
export { createQuota, type Quota } from './quota.js';
export { createSignInGuard, type SignInGuard } from './sign-in-guard.js';
export { createRateLimits, type RateLimits } from './rate-limits/rate-limits.js';
export type { Plan } from './rate-limits/charges.js';
