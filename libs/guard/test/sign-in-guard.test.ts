import { randomUUID } from 'node:crypto';
import { createLogger, type AppError } from '@loyalty/platform';
import { waitFor } from '@loyalty/testing';
import { connectRedis, createSignInGuard, type RedisConnection } from '../src/index.js';

const logger = createLogger('sign-in-guard-test', 'silent');
const connections: RedisConnection[] = [];
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
});

const stores: [string, () => RedisConnection][] = [
  ['Redis', () => connectRedis(process.env.TEST_REDIS_URL, logger)],
  ['per-process memory', () => connectRedis(undefined, logger)],
];

describe.each(stores)('sign-in lock-out on %s', (_store, connect) => {
  const guardFor = async (lockSeconds: number) => {
    const redis = connect();
    connections.push(redis);
    if (redis.client) await waitFor(() => redis.isReady(), { description: 'the Redis connection' });
    expect(redis.isReady()).toBe(redis.client !== undefined);
    return createSignInGuard(redis, `test-${randomUUID()}`, { points: 3, seconds: 60 }, lockSeconds);
  };

  it('locks the account after the allowed failures, whatever the password, until the lock passes', async () => {
    // Two seconds: the lock must outlast the next check even on a starved machine, and the wait after it must outlast the lock.
    const guard = await guardFor(2);
    const account = 'Ann@Example.com';
    for (let i = 0; i < 3; i++) {
      await expect(guard.check(account)).resolves.toBeUndefined();
      await guard.failed(account);
    }
    const locked = await guard.check('ann@example.com').catch((error: unknown) => error);
    expect(locked).toMatchObject({ code: 'ACCOUNT_LOCKED', status: 429 });
    expect([1, 2]).toContain((locked as AppError).extra.retryAfterSeconds);
    await expect(guard.check('bob@example.com')).resolves.toBeUndefined();
    await waitFor(
      async () => {
        await guard.check(account);
        return true;
      },
      { timeoutMs: 10_000, description: 'the lock to pass' },
    );
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const guard = await guardFor(60);
    await guard.failed('cy@example.com');
    await guard.failed('cy@example.com');
    await guard.succeeded('cy@example.com');
    await guard.failed('cy@example.com');
    await guard.failed('cy@example.com');
    await expect(guard.check('cy@example.com')).resolves.toBeUndefined();
    await guard.failed('cy@example.com');
    await expect(guard.check('cy@example.com')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });
});
