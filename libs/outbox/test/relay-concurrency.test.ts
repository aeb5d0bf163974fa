import type { Message } from '@aws-sdk/client-sqs';
import { uniquePrefix, waitFor } from '@loyalty/testing';
import type pg from 'pg';
import type { Relay } from '../src/index.js';
import { countById, createSubscribedQueue, drainQueue, snsClient, sqsClient, type SubscribedQueue } from './support/aws.js';
import { openOutboxDatabase, openPool, unpublishedCount, writeCommittedEvents, type OutboxDatabase } from './support/outbox-database.js';
import { testRelay } from './support/relay.js';

const sns = snsClient();
const sqs = sqsClient();
let db: OutboxDatabase;
let loyalty: SubscribedQueue;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  db = await openOutboxDatabase();
  loyalty = await createSubscribedQueue(sns, sqs, uniquePrefix('outbox-concurrency'));
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await db.close();
  sns.destroy();
  sqs.destroy();
});

test('three relays with their own connections drain 500 rows and publish each exactly once', async () => {
  const ids = await writeCommittedEvents(db.orm, 500);
  // Small batches so the relays really interleave instead of one taking everything.
  const relays: Relay[] = [1, 2, 3].map(() => {
    const pool = openPool(db.url, 2);
    pools.push(pool);
    return testRelay(pool, sns, () => loyalty.topicArn, { batchSize: 20 });
  });
  const drained = await Promise.all(
    relays.map(async (relay) => {
      let published = 0;
      for (;;) {
        const result = await relay.drainOnce();
        if (result.claimed === 0) return published;
        published += result.published;
      }
    }),
  );

  expect(await unpublishedCount(db.pool)).toBe(0);
  expect(drained.reduce((sum, count) => sum + count, 0)).toBe(500);
  expect(drained.filter((count) => count > 0).length).toBeGreaterThan(1);

  // Every row is marked, so every message is already in the queue: read it until empty.
  const received: Message[] = [];
  await waitFor(
    async () => {
      received.push(...(await drainQueue(sqs, loyalty.queueUrl)));
      return received.length >= 500;
    },
    { description: '500 messages' },
  );
  received.push(...(await drainQueue(sqs, loyalty.queueUrl)));
  const counts = countById(received);
  expect([...counts.keys()].sort()).toEqual([...ids].sort());
  expect([...counts.values()].filter((count) => count !== 1)).toEqual([]);
});
