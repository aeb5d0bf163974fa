import { uniquePrefix } from '@loyalty/testing';
import { currentLogContext, type LogContext } from '@loyalty/platform';
import { jest } from '@jest/globals';
import { countById, createSubscribedQueue, drainQueue, snsClient, sqsClient, type SubscribedQueue } from './support/aws.js';
import { openOutboxDatabase, outboxState, writeCommittedEvents, type OutboxDatabase } from './support/outbox-database.js';
import { testLogger, testRelay } from './support/relay.js';
import { listParked } from '../src/index.js';

const sns = snsClient();
const sqs = sqsClient();
let db: OutboxDatabase;
let loyalty: SubscribedQueue;

beforeAll(async () => {
  db = await openOutboxDatabase();
  loyalty = await createSubscribedQueue(sns, sqs, uniquePrefix('outbox-failures'));
});
afterEach(async () => {
  await db.pool.query('delete from messaging.outbox');
  await drainQueue(sqs, loyalty.queueUrl);
});
afterAll(async () => {
  await db.close();
  sns.destroy();
  sqs.destroy();
});

async function moveToTopic(ids: readonly string[], topic: string) {
  await db.pool.query('update messaging.outbox set topic = $2 where id = any($1::uuid[])', [ids, topic]);
}

test('a topic that does not exist fails only its group: those rows back off, the rest are published', async () => {
  const ids = await writeCommittedEvents(db.orm, 6);
  const lost = ids.slice(0, 2);
  await moveToTopic(lost, 'customer');
  const topics: Record<string, string> = { loyalty: loyalty.topicArn, customer: `${loyalty.topicArn}-does-not-exist` };
  const relay = testRelay(db.pool, sns, (topic) => topics[topic]!, { backoff: (attempts) => attempts * 60_000 });

  expect(await relay.drainOnce()).toEqual({ claimed: 6, published: 4, failed: 2, parked: 0, deferred: 0 });

  const state = await outboxState(db.pool, ids);
  for (const id of lost) {
    const row = state.get(id)!;
    expect(row).toMatchObject({ attempts: 1, published_at: null, parked_at: null });
    expect(row.last_error).toMatch(/NotFound/i);
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 50_000);
  }
  for (const id of ids.slice(2)) expect(state.get(id)?.published_at).toBeInstanceOf(Date);
  expect([...countById(await drainQueue(sqs, loyalty.queueUrl)).keys()].sort()).toEqual(ids.slice(2).sort());
  expect(relay.breakerState()).toBe('closed');
  // Backed off: not due again yet.
  expect(await relay.drainOnce()).toMatchObject({ claimed: 0 });
});

test("a resolver that throws fails its rows, and the failure is logged with the row's correlation id", async () => {
  const ids = await writeCommittedEvents(db.orm, 3);
  await moveToTopic(ids.slice(0, 1), 'business');
  const logger = testLogger();
  const warnings: LogContext[] = [];
  jest.spyOn(logger, 'warn').mockImplementation(() => {
    warnings.push(currentLogContext());
  });
  const relay = testRelay(
    db.pool,
    sns,
    (topic) => {
      if (topic === 'business') throw new Error('no such topic in the topology');
      return loyalty.topicArn;
    },
    {},
    logger,
  );

  expect(await relay.drainOnce()).toMatchObject({ claimed: 3, published: 2, failed: 1 });
  const failed = (await outboxState(db.pool, ids)).get(ids[0]!)!;
  expect(failed).toMatchObject({ attempts: 1, published_at: null, last_error: expect.stringContaining('no such topic in the topology') });
  const { rows } = await db.pool.query<{ correlation_id: string }>(`select headers->>'correlationId' as correlation_id from messaging.outbox where id = $1`, [
    ids[0],
  ]);
  expect(warnings).toEqual([expect.objectContaining({ correlationId: rows[0]!.correlation_id, eventId: ids[0] })]);
});

test('a row that keeps failing is parked after N attempts, and retryParked brings it back', async () => {
  const [id] = await writeCommittedEvents(db.orm, 1);
  const topics: Record<string, string> = { loyalty: `${loyalty.topicArn}-missing` };
  const relay = testRelay(db.pool, sns, (topic) => topics[topic]!, { shouldPark: (attempts) => attempts >= 3 });

  expect(await relay.drainOnce()).toMatchObject({ failed: 1, parked: 0 });
  expect(await relay.drainOnce()).toMatchObject({ failed: 1, parked: 0 });
  expect(await relay.drainOnce()).toMatchObject({ failed: 1, parked: 1 });
  expect(await relay.drainOnce()).toMatchObject({ claimed: 0 });
  expect((await outboxState(db.pool, [id!])).get(id!)).toMatchObject({ attempts: 3, published_at: null, parked_at: expect.any(Date) });
  expect(await listParked(db.pool)).toEqual([
    expect.objectContaining({ id, attempts: 3, eventType: 'transaction.recorded', lastError: expect.stringMatching(/NotFound/i) }),
  ]);

  topics.loyalty = loyalty.topicArn; // ops fixed the topology
  expect(await relay.retryParked()).toEqual([id]);
  expect(await relay.drainOnce()).toMatchObject({ claimed: 1, published: 1 });
  expect((await outboxState(db.pool, [id!])).get(id!)).toMatchObject({ parked_at: null, published_at: expect.any(Date) });
  expect([...countById(await drainQueue(sqs, loyalty.queueUrl)).keys()]).toEqual([id]);
});

test('retryParked with ids un-parks only those rows', async () => {
  const ids = await writeCommittedEvents(db.orm, 3);
  await db.pool.query(`update messaging.outbox set parked_at = now(), attempts = 10 where id = any($1::uuid[])`, [ids]);
  const relay = testRelay(db.pool, sns, () => loyalty.topicArn);
  expect(await relay.retryParked([ids[1]!])).toEqual([ids[1]]);
  const state = await outboxState(db.pool, ids);
  expect(state.get(ids[1]!)).toMatchObject({ parked_at: null, attempts: 0 });
  expect(state.get(ids[0]!)?.parked_at).toBeInstanceOf(Date);
  expect(state.get(ids[2]!)?.parked_at).toBeInstanceOf(Date);
});
