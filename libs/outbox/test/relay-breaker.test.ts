import { jest } from '@jest/globals';
import type { Message } from '@aws-sdk/client-sqs';
import { uniquePrefix, waitFor } from '@loyalty/testing';
import { countById, createSubscribedQueue, drainQueue, snsClient, sqsClient, type SubscribedQueue } from './support/aws.js';
import { openOutboxDatabase, outboxState, unpublishedCount, writeCommittedEvents, type OutboxDatabase } from './support/outbox-database.js';
import { testLogger, testRelay } from './support/relay.js';
import { switchableProxy, type SwitchableProxy } from '@loyalty/testing';

const sqs = sqsClient();
const directSns = snsClient();
let db: OutboxDatabase;
let loyalty: SubscribedQueue;
let proxy: SwitchableProxy;

beforeAll(async () => {
  db = await openOutboxDatabase();
  loyalty = await createSubscribedQueue(directSns, sqs, uniquePrefix('outbox-breaker'));
  proxy = await switchableProxy(process.env.AWS_ENDPOINT_URL_SNS!);
});
afterAll(async () => {
  await proxy.close();
  await db.close();
  directSns.destroy();
  sqs.destroy();
});

test('with SNS down the breaker opens, writes still succeed, and every row is delivered once SNS is back', async () => {
  const sns = snsClient({ endpoint: proxy.endpoint, maxAttempts: 1 });
  const logger = testLogger();
  const stateChanges: string[] = [];
  for (const level of ['info', 'warn'] as const) {
    jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
      const message = args.find((arg): arg is string => typeof arg === 'string');
      if (message?.includes('breaker')) stateChanges.push(message.split(':')[0]!);
    });
  }
  const relay = testRelay(db.pool, sns, () => loyalty.topicArn, { breaker: { resetTimeoutMs: 1_500, volumeThreshold: 2 } }, logger);
  await proxy.down();
  relay.start();
  try {
    const before = await writeCommittedEvents(db.orm, 30, 10);
    await waitFor(() => relay.breakerState() === 'open', { description: 'the breaker to open' });

    // Open: the relay does not even claim, and the API side keeps writing.
    expect(await relay.drainOnce()).toMatchObject({ claimed: 0 });
    const during = await writeCommittedEvents(db.orm, 20, 10);
    const ids = [...before, ...during];
    const state = await outboxState(db.pool, ids);
    expect([...state.values()].filter((row) => row.published_at !== null || row.parked_at !== null || row.attempts !== 0)).toEqual([]);

    await proxy.up();
    await waitFor(async () => (await unpublishedCount(db.pool)) === 0, { description: 'every row published', timeoutMs: 15_000 });
    expect(relay.breakerState()).toBe('closed');
    expect(stateChanges).toEqual(expect.arrayContaining(['SNS publish breaker opened', 'SNS publish breaker half-open', 'SNS publish breaker closed']));

    const received: Message[] = [];
    await waitFor(
      async () => {
        received.push(...(await drainQueue(sqs, loyalty.queueUrl)));
        return received.length >= ids.length;
      },
      { description: `${ids.length} messages` },
    );
    const counts = countById(received);
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
  } finally {
    await relay.stop();
    sns.destroy();
  }
});
