import { switchableProxy, uniquePrefix, waitFor, type SwitchableProxy } from '@loyalty/testing';
import { outboxStatus, retryParked } from '../src/index.js';
import { createSubscribedQueue, snsClient, sqsClient, type SubscribedQueue } from './support/aws.js';
import { openOutboxDatabase, writeCommittedEvents, type OutboxDatabase } from './support/outbox-database.js';
import { testRelay } from './support/relay.js';

const sns = snsClient();
const sqs = sqsClient();
let db: OutboxDatabase;
let loyalty: SubscribedQueue;
let proxy: SwitchableProxy;

beforeAll(async () => {
  db = await openOutboxDatabase();
  loyalty = await createSubscribedQueue(sns, sqs, uniquePrefix('outbox-status'));
  proxy = await switchableProxy(process.env.AWS_ENDPOINT_URL_SNS!);
});
afterAll(async () => {
  await proxy.close();
  await db.close();
  sns.destroy();
  sqs.destroy();
});

const unknownTopic = () => `${loyalty.topicArn}-does-not-exist`;

test('counts pending, due, failed and parked rows and the age of the oldest pending one', async () => {
  await writeCommittedEvents(db.orm, 3);
  const parking = testRelay(db.pool, sns, unknownTopic, { shouldPark: () => true });
  expect(await parking.drainOnce()).toMatchObject({ parked: 3 });
  await writeCommittedEvents(db.orm, 2);

  expect(await outboxStatus(db.pool)).toMatchObject({ pending: 2, due: 2, failed: 0, parked: 3, oldestPendingAgeMs: expect.any(Number) });

  const backingOff = testRelay(db.pool, sns, unknownTopic, { backoff: () => 60_000 });
  expect(await backingOff.drainOnce()).toMatchObject({ failed: 2 });
  const status = await outboxStatus(db.pool);
  expect(status).toMatchObject({ pending: 2, due: 0, failed: 2, parked: 3 });
  expect(status.oldestPendingAgeMs).toBeGreaterThan(0);

  expect(await retryParked(db.pool)).toHaveLength(3);
  expect(await outboxStatus(db.pool)).toMatchObject({ pending: 5, due: 3, failed: 2, parked: 0 });
});

test('shows each running relay with its breaker state, marks one that stopped beating as stale, and forgets one that stopped', async () => {
  const sick = snsClient({ endpoint: proxy.endpoint, maxAttempts: 1 });
  const relay = testRelay(db.pool, sick, () => loyalty.topicArn, { heartbeatIntervalMs: 100, listen: false });
  await db.pool.query(
    `insert into messaging.relay_heartbeats (relay_id, host, pid, breaker_state, interval_ms, beat_at) values ('gone:1:abc', 'gone', 1, 'closed', 5000, now() - interval '1 minute')`,
  );
  relay.start();
  try {
    const mine = async () => (await outboxStatus(db.pool)).relays.find((row) => row.pid === process.pid);
    expect(await waitFor(mine, { description: 'the relay heartbeat' })).toMatchObject({ breakerState: 'closed', stale: false });

    await proxy.down();
    await writeCommittedEvents(db.orm, 1);
    await waitFor(async () => (await mine())?.breakerState === 'open', { description: 'the open breaker in the heartbeat' });
    expect((await outboxStatus(db.pool)).relays.find((row) => row.host === 'gone')).toMatchObject({ stale: true });
  } finally {
    await proxy.up();
    await relay.stop();
    sick.destroy();
  }
  expect((await outboxStatus(db.pool)).relays.map((row) => row.host)).toEqual(['gone']);
});
