import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@loyalty/platform';
import type { Limit } from './guard-config.js';
import { createLimiter } from './limiter.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * Brute-force protection for one account, whatever IP the guesses come from. Call `check` before
 * asking Cognito, `failed` when the password was wrong, `succeeded` when it was right.
 */
export interface SignInGuard {
  /** Throws 429 ACCOUNT_LOCKED (with retryAfterSeconds) while the account is locked, even for the right password. */
  check(account: string): Promise<void>;
  failed(account: string): Promise<void>;
  succeeded(account: string): Promise<void>;
}

export function createSignInGuard(redis: RedisConnection, keyPrefix: string, failures: Limit, lockSeconds: number): SignInGuard {
  const limiter = createLimiter(redis, `${keyPrefix}:sign-in-failures`, failures);
  const keyOf = (account: string) => account.trim().toLowerCase();

  return {
    async check(account) {
      const counted = await limiter.get(keyOf(account));
      if (!counted || counted.consumedPoints < failures.points) return;
      throw new AppError({
        code: 'ACCOUNT_LOCKED',
        status: 429,
        detail: 'Too many failed sign-ins for this account. Try again later.',
        extra: { retryAfterSeconds: Math.max(1, Math.ceil(counted.msBeforeNext / 1000)) },
      });
    },
    async failed(account) {
      const key = keyOf(account);
      const counted = await limiter.consume(key).catch((rejected: unknown) => (rejected instanceof RateLimiterRes ? rejected : undefined));
      if (counted && counted.consumedPoints >= failures.points) await limiter.block(key, lockSeconds);
    },
    async succeeded(account) {
      await limiter.delete(keyOf(account));
    },
  };
}
