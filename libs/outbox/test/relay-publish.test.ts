import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import { parseEvent } from '@loyalty/contracts';
import { withLogContext } from '@loyalty/platform';
import { uniquePrefix, waitFor } from '@loyalty/testing';
import { writeEvent } from '../src/index.js';
import { createSubscribedQueue, drainQueue, eventId, snsClient, sqsClient, type SubscribedQueue } from './support/aws.js';
import { openOutboxDatabase, outboxState, transactionRecordedPayload, type OutboxDatabase } from './support/outbox-database.js';
import { testRelay } from './support/relay.js';

const sns = snsClient();
const sqs = sqsClient();
let db: OutboxDatabase;
let loyalty: SubscribedQueue;

beforeAll(async () => {
  db = await openOutboxDatabase();
  loyalty = await createSubscribedQueue(sns, sqs, uniquePrefix('outbox-publish'));
});
afterAll(async () => {
  await db.close();
  sns.destroy();
  sqs.destroy();
});

test('a committed event reaches the subscribed queue with its attributes and envelope, then the row is marked published', async () => {
  const relay = testRelay(db.pool, sns, () => loyalty.topicArn);
  relay.start();
  try {
    const businessId = randomUUID();
    const payload = transactionRecordedPayload();
    const envelope = await withLogContext({ correlationId: 'corr-publish' }, () =>
      db.orm.em.fork().transactional((em) => writeEvent(em, { type: 'transaction.recorded', businessId, aggregateId: payload.transactionId, payload })),
    );

    const received: Message[] = [];
    const message = await waitFor(
      async () => {
        received.push(...(await drainQueue(sqs, loyalty.queueUrl)));
        return received.find((candidate) => eventId(candidate) === envelope.id);
      },
      { description: 'the event in the queue' },
    );
    expect(parseEvent(message.Body)).toEqual(envelope);
    expect(message.MessageAttributes).toEqual({
      eventType: { DataType: 'String', StringValue: 'transaction.recorded' },
      businessId: { DataType: 'String', StringValue: businessId },
    });
    const row = await waitFor(async () => (await outboxState(db.pool, [envelope.id])).get(envelope.id)?.published_at ?? undefined, {
      description: 'published_at',
    });
    expect(row).toBeInstanceOf(Date);
  } finally {
    await relay.stop();
  }
});

test('the LISTEN wake-up delivers without polling, and survives its connection being killed', async () => {
  const relay = testRelay(db.pool, sns, () => loyalty.topicArn, { pollIntervalMs: 60_000 });
  relay.start();
  try {
    const listenerPid = async () => {
      const { rows } = await db.pool.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and query = 'listen outbox'`);
      return rows[0]?.pid;
    };
    const firstPid = await waitFor(listenerPid, { description: 'the listener connection' });
    const deliveredAfterWrite = async () => {
      const id = await writeOne();
      return waitFor(async () => (await outboxState(db.pool, [id])).get(id)?.published_at ?? undefined, {
        description: `event ${id} published`,
        timeoutMs: 5_000,
      });
    };
    await deliveredAfterWrite();

    await db.pool.query('select pg_terminate_backend($1)', [firstPid]);
    await waitFor(
      async () => {
        const pid = await listenerPid();
        return pid !== undefined && pid !== firstPid;
      },
      { description: 'the listener to reconnect' },
    );
    await deliveredAfterWrite();
  } finally {
    await relay.stop();
  }
});

async function writeOne(): Promise<string> {
  const payload = transactionRecordedPayload();
  const envelope = await db.orm.em
    .fork()
    .transactional((em) => writeEvent(em, { type: 'transaction.recorded', businessId: randomUUID(), aggregateId: payload.transactionId, payload }));
  return envelope.id;
}
