import type { AwsClients } from './aws-clients.js';
import { arrayToRecord, mapRecord } from './map-record.js';
import { userPoolIssuer } from './lookups.js';
import { ensureQueueWithDeadLetter, ensureSubscription, ensureTopic } from './provision-messaging.js';
import { ensureBucket, ensureTable } from './provision-storage.js';
import { ensureUserPool } from './provision-user-pool.js';
import type { ProvisionedTopology } from './provisioned-topology.js';
import { physicalName, topology, type QueueSettings } from './topology.js';

export interface ProvisionOptions {
  /** Environment name ("local", "dev") or a per-test-file prefix; every physical name starts with it. */
  prefix: string;
  overrides?: {
    /** Applied to every queue, e.g. a short visibility timeout so redelivery tests are quick. */
    queues?: Partial<QueueSettings>;
  };
}

/** Creates whatever is missing and converges what exists; running it again changes nothing. */
export async function provisionTopology(clients: AwsClients, { prefix, overrides = {} }: ProvisionOptions): Promise<ProvisionedTopology> {
  const name = (logicalName: string) => physicalName(prefix, logicalName);
  const topics = await mapRecord(arrayToRecord(topology.topics), async (topic) => ({ arn: await ensureTopic(clients.sns, name(topic)) }));
  const queues = await mapRecord(topology.queues, (queue, settings) =>
    ensureQueueWithDeadLetter(clients.sqs, name(queue), { ...settings, ...overrides.queues }),
  );
  for (const subscription of topology.subscriptions) {
    await ensureSubscription(clients.sns, topics[subscription.topic].arn, queues[subscription.queue].arn, subscription.eventTypes);
  }
  const buckets = await mapRecord(arrayToRecord(topology.buckets), async (bucket) => {
    await ensureBucket(clients.s3, name(bucket));
    return { name: name(bucket) };
  });
  const tables = await mapRecord(topology.tables, async (table, definition) => {
    await ensureTable(clients.dynamodb, name(table), definition);
    return { name: name(table) };
  });
  const userPools = await mapRecord(topology.userPools, async (pool, definition) => {
    const ids = await ensureUserPool(clients.cognito, name(pool), definition);
    return { ...ids, ...(await userPoolIssuer(clients, ids.userPoolId)) };
  });
  return { prefix, topics, queues, buckets, tables, userPools };
}
