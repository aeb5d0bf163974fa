import { randomUUID } from 'node:crypto';
import { CreateTopicCommand, PublishBatchCommand, SubscribeCommand, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { eventCatalog } from '@loyalty/contracts';
import { createRelay, uuidv7 } from '@loyalty/outbox';
import { createLogger } from '@loyalty/platform';
import { createTestDatabase } from '@loyalty/testing';
import pg from 'pg';
import { countUnpublished, insertRecordedRows } from './outbox-rows.js';

export type Sink = 'no subscriber' | 'SQS subscriber';

export interface ThroughputRun {
  sink: Sink;
  kind: 'relay' | 'raw PublishBatch';
  workers: number;
  events: number;
  ms: number;
  perSecond: number;
  /** events/s of each round; ms and perSecond are the median round's. */
  rounds: number[];
  /** Messages the subscribed queue holds afterwards (SQS subscriber only): proves the fan-out happened. */
  delivered?: number;
}

export interface RelayThroughputOptions {
  sns: SNSClient;
  sqs: SQSClient;
  events: number;
  rounds: number;
  log: (line: string) => void;
}

// The relay's own defaults (relay.ts, publish-entries.ts): PublishBatch requests of 10 entries, at most
// 10 of them in flight per relay.
const entriesPerRequest = 10;
const requestsInFlight = 10;

interface Topics {
  noSubscriber: string;
  withSubscriber: string;
  sinkQueueUrl: string;
}

async function createTopics(sns: SNSClient, sqs: SQSClient): Promise<Topics> {
  const tag = randomUUID().slice(0, 8);
  const topic = async (name: string) => (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? '';
  const noSubscriber = await topic(`bench-${tag}-loyalty-nosub`);
  const withSubscriber = await topic(`bench-${tag}-loyalty`);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-${tag}-transactions` }));
  const sinkQueueUrl = QueueUrl ?? '';
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: sinkQueueUrl, AttributeNames: ['QueueArn'] }));
  // The same subscription shape the topology provisions for the transactions queue: raw delivery with a FilterPolicy.
  await sns.send(
    new SubscribeCommand({
      TopicArn: withSubscriber,
      Protocol: 'sqs',
      Endpoint: Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ eventType: ['transaction.recorded'] }) },
    }),
  );
  return { noSubscriber, withSubscriber, sinkQueueUrl };
}

/** Entries shaped like the relay's (toPublishEntry): the JSON envelope as body, eventType/businessId attributes. */
export function rawEntries(count: number): PublishBatchRequestEntry[] {
  const definition = eventCatalog['transaction.recorded'];
  const businessId = randomUUID();
  return Array.from({ length: count }, (_, i) => {
    const id = uuidv7();
    const transactionId = randomUUID();
    const occurredAt = new Date().toISOString();
    const envelope = {
      id,
      type: 'transaction.recorded',
      version: definition.version,
      occurredAt,
      businessId,
      aggregate: { type: definition.aggregate, id: transactionId },
      correlationId: id,
      causationId: null,
      payload: {
        transactionId,
        cardId: randomUUID(),
        programId: randomUUID(),
        storeId: randomUUID(),
        kind: 'visit',
        posTransactionId: `bench-${i}`,
        recordedAt: occurredAt,
      },
    };
    return {
      Id: id,
      Message: JSON.stringify(envelope),
      MessageAttributes: {
        eventType: { DataType: 'String', StringValue: envelope.type },
        businessId: { DataType: 'String', StringValue: businessId },
      },
    };
  });
}

/**
 * `workers` senders, each keeping 10 PublishBatch requests of 10 entries in flight, the next one going out
 * as soon as any answers: as many as a relay's request window, never idle while one request is slow.
 */
async function rawPublish(sns: SNSClient, topicArn: string, entries: PublishBatchRequestEntry[], workers: number): Promise<number> {
  let cursor = 0;
  const sender = async () => {
    while (cursor < entries.length) {
      const request = entries.slice(cursor, cursor + entriesPerRequest);
      cursor += request.length;
      const response = await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: request }));
      if ((response.Failed ?? []).length > 0 || (response.Successful ?? []).length !== request.length) {
        throw new Error(`raw PublishBatch lost entries: ${JSON.stringify(response.Failed)}`);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: workers * requestsInFlight }, sender));
  return performance.now() - started;
}

/** Drains until a claim comes back empty: what drainWhileWoken does after a wake-up, without the wake-up. */
async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

/**
 * Relay against raw PublishBatch, same emulator, same message shape, same requests in flight. The relay
 * runs with LISTEN off and its own drain loop driven directly, so the figure is claim + publish + mark,
 * not wake-up latency. Runs alternate raw/relay, in several rounds, so drift on a noisy machine hits both
 * alike; each figure is the median round's.
 */
export async function benchRelayThroughput({ sns, sqs, events, rounds, log }: RelayThroughputOptions): Promise<ThroughputRun[]> {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const logger = createLogger('bench-relay', 'silent');
  const topics = await createTopics(sns, sqs);
  const runs: ThroughputRun[] = [];
  try {
    const relayRun = async (sink: Sink, workers: number, count: number): Promise<ThroughputRun> => {
      const topicArn = sink === 'no subscriber' ? topics.noSubscriber : topics.withSubscriber;
      const relays = Array.from({ length: workers }, () =>
        createRelay({ databaseUrl: db.url, sns, topicArn: () => topicArn, logger, options: { listen: false } }),
      );
      try {
        await Promise.all(relays.map((relay) => relay.drainOnce())); // opens each relay's pool outside the timing
        await pool.query('truncate messaging.outbox');
        await insertRecordedRows(pool, count);
        await pool.query('analyze messaging.outbox');
        await sqs.send(new PurgeQueueCommand({ QueueUrl: topics.sinkQueueUrl }));
        const started = performance.now();
        const results = await Promise.all(relays.map((relay) => relay.drainBacklog()));
        const elapsed = performance.now() - started;
        const published = results.reduce((sum, result) => sum + result.published, 0);
        const left = await countUnpublished(pool);
        if (published !== count || left !== 0) throw new Error(`relay published ${published} of ${count}, ${left} left: ${JSON.stringify(results)}`);
        const delivered = sink === 'SQS subscriber' ? await queueDepth(sqs, topics.sinkQueueUrl) : undefined;
        return { sink, kind: 'relay', workers, events: count, ms: elapsed, perSecond: (count / elapsed) * 1000, rounds: [], delivered };
      } finally {
        await Promise.all(relays.map((relay) => relay.stop()));
      }
    };
    const rawRun = async (sink: Sink, workers: number, count: number): Promise<ThroughputRun> => {
      const topicArn = sink === 'no subscriber' ? topics.noSubscriber : topics.withSubscriber;
      const entries = rawEntries(count);
      await sqs.send(new PurgeQueueCommand({ QueueUrl: topics.sinkQueueUrl }));
      const elapsed = await rawPublish(sns, topicArn, entries, workers);
      const delivered = sink === 'SQS subscriber' ? await queueDepth(sqs, topics.sinkQueueUrl) : undefined;
      return { sink, kind: 'raw PublishBatch', workers, events: count, ms: elapsed, perSecond: (count / elapsed) * 1000, rounds: [], delivered };
    };

    log(`relay throughput: warming up (${Math.min(events, 1_000)} events each way)`);
    await rawRun('no subscriber', 1, Math.min(events, 1_000));
    await relayRun('no subscriber', 1, Math.min(events, 1_000));

    const byScenario = new Map<string, ThroughputRun[]>();
    const keep = (run: ThroughputRun) => {
      const key = `${run.sink}|${run.kind}|${run.workers}`;
      byScenario.set(key, [...(byScenario.get(key) ?? []), run]);
    };
    for (let round = 1; round <= rounds; round++) {
      for (const sink of ['no subscriber', 'SQS subscriber'] as const) {
        for (const workers of [1, 2]) {
          log(`relay throughput: round ${round}/${rounds}, ${events} events, ${sink}, ${workers} worker(s)`);
          keep(await rawRun(sink, workers, events));
          keep(await relayRun(sink, workers, events));
        }
      }
    }
    await sqs.send(new PurgeQueueCommand({ QueueUrl: topics.sinkQueueUrl }));
    for (const scenario of byScenario.values()) {
      const sorted = [...scenario].sort((a, b) => a.perSecond - b.perSecond);
      const median = sorted[Math.floor((sorted.length - 1) / 2)] as ThroughputRun;
      runs.push({ ...median, rounds: scenario.map((run) => run.perSecond) });
    }
    return runs;
  } finally {
    await pool.end();
    await db.drop();
  }
}
