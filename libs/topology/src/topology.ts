import { topicNames, type eventCatalog, type EventType, type TopicName } from '@loyalty/contracts';

/**
 * The one description of the AWS resources the platform runs on. Provisioning, `npm start`, the tests
 * and terraform all read it; names here are logical (see physicalName for what AWS sees).
 */

export interface QueueSettings {
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the queue's dead-letter queue. */
  maxReceiveCount: number;
}

export interface TableDefinition {
  partitionKey: string;
  sortKey: string;
  ttlAttribute?: string;
  indexes: readonly { name: string; partitionKey: string; sortKey: string }[];
}

/** In Cognito's own terms, so terraform hands it to the pool as it is; the APIs check it too (cognito-local enforces none). */
export interface PasswordPolicy {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

export interface UserPoolDefinition {
  groups: readonly string[];
  customAttributes: readonly string[];
  passwordPolicy: PasswordPolicy;
  /** How long a refresh token lives (the app client's RefreshTokenValidity, in days); Cognito's default when absent. */
  refreshTokenDays?: number;
}

const defaultQueue: QueueSettings = { visibilityTimeoutSeconds: 30, maxReceiveCount: 3 };

const topics = topicNames;
export type { TopicName };

const queues = {
  transactions: defaultQueue,
  email: defaultQueue,
  analytics: defaultQueue,
  history: defaultQueue,
  // Longer than the exporter's Lambda timeout: a 1,000,000-row export must finish before SQS hands it out again.
  exports: { visibilityTimeoutSeconds: 960, maxReceiveCount: 3 },
  audit: defaultQueue,
} satisfies Record<string, QueueSettings>;
export type QueueName = keyof typeof queues;

/** The catalog's event types published on a topic. */
type EventTypeOn<T extends TopicName> = { [E in EventType]: (typeof eventCatalog)[E]['topic'] extends T ? E : never }[EventType];

/** One per topic, so a subscription can only name event types that exist and that its topic carries. */
export type SubscriptionDefinition = {
  [T in TopicName]: {
    topic: T;
    queue: QueueName;
    /** Values of the `eventType` message attribute to deliver; undefined delivers everything. */
    eventTypes?: readonly EventTypeOn<T>[];
  };
}[TopicName];

const subscriptions: readonly SubscriptionDefinition[] = [
  { topic: 'loyalty', queue: 'transactions', eventTypes: ['transaction.recorded', 'card.enrolled'] },
  { topic: 'loyalty', queue: 'email', eventTypes: ['reward.unlocked', 'points.expiring'] },
  { topic: 'export', queue: 'exports', eventTypes: ['export.requested'] },
  { topic: 'export', queue: 'email', eventTypes: ['export.ready'] },
  // Recorded (pending) and settled: the history writer projects the transaction's row at each.
  { topic: 'loyalty', queue: 'history', eventTypes: ['transaction.recorded', 'transaction.settled'] },
  // What services/analytics counts, and nothing else: every other event would only cost it an inbox transaction.
  { topic: 'loyalty', queue: 'analytics', eventTypes: ['transaction.settled', 'card.enrolled', 'points.expired'] },
  { topic: 'business', queue: 'audit', eventTypes: ['audit.security', 'audit.staff_action'] },
];

export const topology = {
  topics,
  queues,
  subscriptions,
  buckets: ['exports'],
  tables: {
    audit: {
      partitionKey: 'pk',
      sortKey: 'sk',
      ttlAttribute: 'expiresAt',
      indexes: [
        { name: 'byActor', partitionKey: 'actorKey', sortKey: 'sk' },
        { name: 'byCategory', partitionKey: 'categoryKey', sortKey: 'sk' },
      ],
    },
    'transaction-history': {
      partitionKey: 'pk',
      sortKey: 'sk',
      indexes: [
        // timeline = occurredAt to the microsecond + '#' + transaction id: unique, and ordered as Postgres orders (created_at, id).
        { name: 'byCustomer', partitionKey: 'customerId', sortKey: 'timeline' },
        { name: 'byCard', partitionKey: 'cardId', sortKey: 'timeline' },
      ],
    },
    sessions: { partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'expiresAt', indexes: [] },
  },
  userPools: {
    customers: {
      groups: [],
      customAttributes: [],
      passwordPolicy: { minimumLength: 10, requireLowercase: true, requireUppercase: false, requireNumbers: true, requireSymbols: false },
      refreshTokenDays: 30,
    },
    staff: {
      groups: ['owner', 'admin', 'manager', 'cashier'],
      customAttributes: ['businessId'],
      passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    },
  },
} as const satisfies {
  topics: readonly TopicName[];
  queues: Record<QueueName, QueueSettings>;
  subscriptions: readonly SubscriptionDefinition[];
  buckets: readonly string[];
  tables: Record<string, TableDefinition>;
  userPools: Record<string, UserPoolDefinition>;
};

export type BucketName = (typeof topology.buckets)[number];
export type TableName = keyof typeof topology.tables;
export type UserPoolName = keyof typeof topology.userPools;

export function physicalName(prefix: string, logicalName: string): string {
  return `${prefix}-${logicalName}`;
}

export function deadLetterQueueName(queue: string): string {
  return `${queue}-dlq`;
}
