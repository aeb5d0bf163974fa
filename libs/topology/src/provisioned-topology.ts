import type { BucketName, QueueName, TableName, TopicName, UserPoolName } from './topology.js';

export interface ProvisionedQueue {
  url: string;
  arn: string;
  deadLetterUrl: string;
  deadLetterArn: string;
}

export interface ProvisionedUserPool {
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwksUri: string;
}

/** Physical identifiers of every resource in the topology, as services need them at run time. */
export interface ProvisionedTopology {
  prefix: string;
  topics: Record<TopicName, { arn: string }>;
  queues: Record<QueueName, ProvisionedQueue>;
  buckets: Record<BucketName, { name: string }>;
  tables: Record<TableName, { name: string }>;
  userPools: Record<UserPoolName, ProvisionedUserPool>;
}
