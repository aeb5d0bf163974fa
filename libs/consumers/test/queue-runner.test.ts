import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { openDatabase, type EntityManager, type MikroORM } from '@loyalty/db';
import { createLogger } from '@loyalty/platform';
import { createTestDatabase, waitFor, type TestDatabase } from '@loyalty/testing';
import { inboxHandler, startQueueRunner, type QueueRunner, type SqsBatchHandler } from '../src/index.js';
import { createEffectsTable, effectCount, inboxCount, recordEffect } from './support/effects-table.js';
import { transactionRecorded } from './support/events.js';
import { createQueueWithDlq, messagesLeft, receiveBodies, sendBodies, testSqsClient } from './support/queues.js';

const logger = createLogger('queue-runner-test');
const consumer = 'queue-runner-test';
let database: TestDatabase;
let orm: MikroORM;
let sqs: SQSClient;
const runners: QueueRunner[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openDatabase({ databaseUrl: database.url });
  await createEffectsTable(orm.em.fork());
  sqs = testSqsClient();
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
});

afterAll(async () => {
  sqs.destroy();
  await orm.close();
  await database.drop();
});

/** Wraps a handler to keep every batch it was given, the way a Lambda invocation log would. */
function recordingBatches(handler: SqsBatchHandler): { handler: SqsBatchHandler; batches: SQSRecord[][] } {
  const batches: SQSRecord[][] = [];
  return {
    batches,
    handler: async (event: SQSEvent) => {
      batches.push(event.Records);
      return handler(event);
    },
  };
}

async function run(queueUrl: string, handler: SqsBatchHandler): Promise<void> {
  runners.push(await startQueueRunner({ queueUrl, sqsClient: sqs, handler, logger, waitTimeSeconds: 1 }));
}

const applyEffect = async (em: EntityManager, event: { id: string }) => recordEffect(em, event.id);

describe('startQueueRunner with an inbox handler', () => {
  it('applies and deletes the good messages of a batch and lets the malformed one reach the DLQ', async () => {
    const { queueUrl, dlqUrl } = await createQueueWithDlq(sqs, { maxReceiveCount: 2, visibilityTimeout: 1 });
    const [first, second] = [transactionRecorded(), transactionRecorded()];
    const malformed = JSON.stringify({ ...transactionRecorded(), type: 'no.such.event' });
    await sendBodies(sqs, queueUrl, [JSON.stringify(first), malformed, JSON.stringify(second)]);
    const { handler, batches } = recordingBatches(inboxHandler({ orm, consumer, logger, apply: applyEffect }));

    await run(queueUrl, handler);

    const dlqBodies = await waitFor(
      async () => {
        const bodies = await receiveBodies(sqs, dlqUrl);
        return bodies.length > 0 && bodies;
      },
      { description: 'the malformed message in the DLQ' },
    );
    expect(dlqBodies).toEqual([malformed]);
    await waitFor(async () => (await messagesLeft(sqs, queueUrl)) === 0, { description: 'an empty queue' });
    expect(await effectCount(orm.em, first.id)).toBe(1);
    expect(await effectCount(orm.em, second.id)).toBe(1);
    expect(batches[0]?.map((record) => record.body).sort()).toEqual([JSON.stringify(first), malformed, JSON.stringify(second)].sort());
    const malformedReceives = batches.flat().filter((record) => record.body === malformed);
    expect(malformedReceives.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(batches.flat().filter((record) => record.body !== malformed)).toHaveLength(2);
  });

  it('applies an event delivered as two separate messages once', async () => {
    const { queueUrl } = await createQueueWithDlq(sqs);
    const event = transactionRecorded();
    await sendBodies(sqs, queueUrl, [JSON.stringify(event), JSON.stringify(event)]);
    const { handler, batches } = recordingBatches(inboxHandler({ orm, consumer, logger, apply: applyEffect }));

    await run(queueUrl, handler);

    await waitFor(async () => (await messagesLeft(sqs, queueUrl)) === 0, { description: 'both messages deleted' });
    expect(batches.flat()).toHaveLength(2);
    expect(await effectCount(orm.em, event.id)).toBe(1);
    expect(await inboxCount(orm.em, consumer, event.id)).toBe(1);
  });

  it('applies an event on redelivery when its first attempt threw', async () => {
    const { queueUrl } = await createQueueWithDlq(sqs, { maxReceiveCount: 3 });
    const event = transactionRecorded();
    await sendBodies(sqs, queueUrl, [JSON.stringify(event)]);
    let attempts = 0;
    const apply = async (em: EntityManager) => {
      attempts += 1;
      await recordEffect(em, event.id);
      if (attempts === 1) throw new Error('database hiccup');
    };

    await run(queueUrl, inboxHandler({ orm, consumer, logger, apply }));

    await waitFor(async () => (await messagesLeft(sqs, queueUrl)) === 0, { description: 'the message deleted after its retry' });
    expect(attempts).toBe(2);
    expect(await effectCount(orm.em, event.id)).toBe(1);
    expect(await inboxCount(orm.em, consumer, event.id)).toBe(1);
  });

  it('deletes nothing when the handler throws for the whole batch', async () => {
    const { queueUrl } = await createQueueWithDlq(sqs, { maxReceiveCount: 3 });
    const events = [transactionRecorded(), transactionRecorded()];
    await sendBodies(
      sqs,
      queueUrl,
      events.map((event) => JSON.stringify(event)),
    );
    const inner = inboxHandler({ orm, consumer, logger, apply: applyEffect });
    const receiveCounts: string[] = [];
    const handler: SqsBatchHandler = async (event) => {
      receiveCounts.push(...event.Records.map((record) => record.attributes.ApproximateReceiveCount));
      if (receiveCounts.length <= events.length) throw new Error('function crashed');
      return inner(event);
    };

    await run(queueUrl, handler);

    await waitFor(async () => (await messagesLeft(sqs, queueUrl)) === 0, { description: 'the messages deleted after redelivery' });
    expect(receiveCounts).toEqual(['1', '1', '2', '2']);
    for (const event of events) expect(await effectCount(orm.em, event.id)).toBe(1);
  });

  it('hands the handler Lambda-shaped records with system and message attributes', async () => {
    const { queueUrl } = await createQueueWithDlq(sqs);
    const event = transactionRecorded();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(event),
        MessageAttributes: { eventType: { DataType: 'String', StringValue: event.type } },
      }),
    );
    const { handler, batches } = recordingBatches(inboxHandler({ orm, consumer, logger, apply: applyEffect }));

    await run(queueUrl, handler);

    const [record] = await waitFor(() => batches[0], { description: 'a batch' });
    expect(record).toMatchObject({
      body: JSON.stringify(event),
      eventSource: 'aws:sqs',
      eventSourceARN: expect.stringMatching(/^arn:aws:sqs:us-east-1:\d+:consumers-/),
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.stringMatching(/^\d+$/) },
      messageAttributes: { eventType: { dataType: 'String', stringValue: 'transaction.recorded', stringListValues: [], binaryListValues: [] } },
    });
  });

  it('waits on stop for the batch in flight to finish and be deleted', async () => {
    const { queueUrl } = await createQueueWithDlq(sqs, { visibilityTimeout: 30 });
    const event = transactionRecorded();
    await sendBodies(sqs, queueUrl, [JSON.stringify(event)]);
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const inner = inboxHandler({ orm, consumer, logger, apply: applyEffect });
    const runner = await startQueueRunner({
      queueUrl,
      sqsClient: sqs,
      logger,
      waitTimeSeconds: 1,
      handler: async (batch) => {
        started = true;
        await released;
        return inner(batch);
      },
    });
    await waitFor(() => started, { description: 'the batch to start' });

    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;

    expect(await effectCount(orm.em, event.id)).toBe(1);
    expect(await messagesLeft(sqs, queueUrl)).toBe(0);
  });

  it('runs as many batches at once as it has pollers, each message applied once', async () => {
    const { queueUrl } = await createQueueWithDlq(sqs, { visibilityTimeout: 30 });
    const events = [transactionRecorded(), transactionRecorded(), transactionRecorded()];
    await sendBodies(
      sqs,
      queueUrl,
      events.map((event) => JSON.stringify(event)),
    );
    let inFlight = 0;
    let mostInFlight = 0;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const inner = inboxHandler({ orm, consumer, logger, apply: applyEffect });
    const runner = await startQueueRunner({
      queueUrl,
      sqsClient: sqs,
      logger,
      waitTimeSeconds: 1,
      batchSize: 1,
      pollers: 3,
      handler: async (batch) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await released;
        inFlight -= 1;
        return inner(batch);
      },
    });
    runners.push(runner);

    await waitFor(() => mostInFlight === 3, { description: 'three batches in flight at once' });
    release();

    await waitFor(async () => (await messagesLeft(sqs, queueUrl)) === 0, { description: 'every message deleted' });
    for (const event of events) expect(await effectCount(orm.em, event.id)).toBe(1);
  });
});
