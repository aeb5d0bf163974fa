import { randomUUID } from 'node:crypto';
import { createLogger, type AppError } from '@loyalty/platform';
import { waitFor } from '@loyalty/testing';
import { connectRedis, createQuota, type RedisConnection } from '../src/index.js';

const logger = createLogger('quota-test', 'silent');
const connections: RedisConnection[] = [];
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
});

const stores: [string, () => RedisConnection][] = [
  ['Redis', () => connectRedis(process.env.TEST_REDIS_URL, logger)],
  ['per-process memory', () => connectRedis(undefined, logger)],
];

describe.each(stores)('a quota on %s', (_store, connect) => {
  it('lets each key use it up, then refuses with its own code and when to retry', async () => {
    const redis = connect();
    connections.push(redis);
    if (redis.client) await waitFor(() => redis.isReady(), { description: 'the Redis connection' });
    const quota = createQuota(redis, `test-${randomUUID()}`, { points: 2, seconds: 3600 }, { code: 'TOO_MANY_THINGS', detail: 'Enough for today' });
    await quota.take('ann');
    await quota.take('ann');
    const refused = await quota.take('ann').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'TOO_MANY_THINGS', status: 429, message: 'Enough for today' });
    expect((refused as AppError).extra.retryAfterSeconds).toBeGreaterThan(3500);
    await expect(quota.take('bob')).resolves.toBeUndefined();
  });
});
