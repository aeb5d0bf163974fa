import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from './aws-clients.js';
import { findTopicArn, findUserPoolClientId, findUserPoolId, queueArn, queueUrl, userPoolIssuer } from './lookups.js';
import { arrayToRecord, mapRecord } from './map-record.js';
import { APP_CLIENT_NAME } from './provision-user-pool.js';
import type { ProvisionedTopology } from './provisioned-topology.js';
import { deadLetterQueueName, physicalName, topology } from './topology.js';

/**
 * Finds the provisioned resources of an environment without creating anything, as a service does at
 * start-up; fails naming the first missing resource.
 */
export async function resolveTopology(clients: AwsClients, prefix: string): Promise<ProvisionedTopology> {
  const name = (logicalName: string) => physicalName(prefix, logicalName);
  const topics = await mapRecord(arrayToRecord(topology.topics), async (topic) => ({
    arn: found(await findTopicArn(clients.sns, name(topic)), `topic ${name(topic)}`),
  }));
  const queues = await mapRecord(topology.queues, async (queue) => {
    const url = await queueUrl(clients.sqs, name(queue));
    const deadLetterUrl = await queueUrl(clients.sqs, deadLetterQueueName(name(queue)));
    return { url, arn: await queueArn(clients.sqs, url), deadLetterUrl, deadLetterArn: await queueArn(clients.sqs, deadLetterUrl) };
  });
  const buckets = await mapRecord(arrayToRecord(topology.buckets), async (bucket) => {
    await clients.s3.send(new HeadBucketCommand({ Bucket: name(bucket) }));
    return { name: name(bucket) };
  });
  const tables = await mapRecord(topology.tables, async (table) => {
    await clients.dynamodb.send(new DescribeTableCommand({ TableName: name(table) }));
    return { name: name(table) };
  });
  const userPools = await mapRecord(topology.userPools, async (pool) => {
    const userPoolId = found(await findUserPoolId(clients.cognito, name(pool)), `user pool ${name(pool)}`);
    const clientId = found(await findUserPoolClientId(clients.cognito, userPoolId, APP_CLIENT_NAME), `app client of ${name(pool)}`);
    return { userPoolId, clientId, ...(await userPoolIssuer(clients, userPoolId)) };
  });
  return { prefix, topics, queues, buckets, tables, userPools };
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} does not exist: provision the topology first`);
  return value;
}
