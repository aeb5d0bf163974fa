import type { Message } from '@aws-sdk/client-sqs';
import { uniquePrefix, waitFor } from '@loyalty/testing';
import pg from 'pg';
import { claimDueRows, publishRows, snsPublishBatch } from '../src/index.js';
import { countById, createSubscribedQueue, drainQueue, snsClient, sqsClient, type SubscribedQueue } from './support/aws.js';
import { openOutboxDatabase, outboxState, writeCommittedEvents, type OutboxDatabase } from './support/outbox-database.js';
import { testRelay } from './support/relay.js';

const sns = snsClient();
const sqs = sqsClient();
let db: OutboxDatabase;
let loyalty: SubscribedQueue;

beforeAll(async () => {
  db = await openOutboxDatabase();
  loyalty = await createSubscribedQueue(sns, sqs, uniquePrefix('outbox-crash'));
});
afterAll(async () => {
  await db.close();
  sns.destroy();
  sqs.destroy();
});

test('a relay that dies after publishing but before marking leaves the rows due, and they are published again', async () => {
  const ids = await writeCommittedEvents(db.orm, 5);

  // The relay's own steps, up to the point where it would mark the rows.
  const doomed = new pg.Client({ connectionString: db.url });
  doomed.on('error', () => undefined);
  await doomed.connect();
  const {
    rows: [backend],
  } = await doomed.query<{ pid: number }>('select pg_backend_pid() as pid');
  await doomed.query('begin');
  const claimed = await claimDueRows(doomed, 100);
  const outcomes = await publishRows(claimed, { publish: snsPublishBatch(sns, 5_000), topicArn: () => loyalty.topicArn });
  expect([...outcomes.values()].every((outcome) => outcome.status === 'published')).toBe(true);
  // The process dies: Postgres drops its session and rolls the claim back.
  await db.pool.query('select pg_terminate_backend($1)', [backend!.pid]);
  await doomed.end().catch(() => undefined);

  const state = await outboxState(db.pool, ids);
  expect([...state.values()].map((row) => [row.published_at, row.attempts])).toEqual(ids.map(() => [null, 0]));

  const relay = testRelay(db.pool, sns, () => loyalty.topicArn);
  expect(await relay.drainOnce()).toMatchObject({ claimed: 5, published: 5 });

  const received: Message[] = [];
  await waitFor(
    async () => {
      received.push(...(await drainQueue(sqs, loyalty.queueUrl)));
      return received.length >= 10;
    },
    { description: 'both deliveries' },
  );
  const counts = countById(received);
  expect([...counts.keys()].sort()).toEqual([...ids].sort());
  expect([...counts.values()]).toEqual(ids.map(() => 2));
});
