import { randomUUID } from 'node:crypto';
import { createLogger } from '@loyalty/platform';
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
    for (let i = 0; i < 50 && redis.client && !redis.isReady(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(redis.isReady()).toBe(redis.client !== undefined);
    return createSignInGuard(redis, `test-${randomUUID()}`, { points: 3, seconds: 60 }, lockSeconds);
  };

  it('locks the account after the allowed failures, whatever the password, until the lock passes', async () => {
    const guard = await guardFor(1);
    const account = 'Ann@Example.com';
    for (let i = 0; i < 3; i++) {
      await expect(guard.check(account)).resolves.toBeUndefined();
      await guard.failed(account);
    }
    await expect(guard.check('ann@example.com')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED', status: 429, extra: { retryAfterSeconds: 1 } });
    await expect(guard.check('bob@example.com')).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 1100));
    await expect(guard.check(account)).resolves.toBeUndefined();
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
