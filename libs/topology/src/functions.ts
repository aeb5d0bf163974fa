import type { QueueName, TableName, UserPoolName } from './topology.js';

/**
 * The Lambda functions the platform deploys. The build bundles `entry` into
 * `dist/lambda/<name>.zip`; terraform and the LocalStack deploy create the function, its trigger
 * and its permissions from the same entry, so a new function is declared once, here.
 */

export interface QueueTrigger {
  queue: QueueName;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
}

export interface ScheduleTrigger {
  /** An EventBridge Scheduler expression, evaluated in UTC. */
  scheduleExpression: string;
}

/** Cognito hands the pools' codes to this function instead of mailing them (both pools, one function). */
export interface CognitoTrigger {
  cognito: 'CustomEmailSender';
  userPools: readonly UserPoolName[];
}

/** What a function reaches besides its own trigger and its logs; IAM grants exactly this. */
export interface FunctionAccess {
  database: boolean;
  sendsEmail: boolean;
  /** kms:Decrypt on the key Cognito encrypts its codes with. */
  decryptsCognitoCodes: boolean;
  /** Writes export files to the exports bucket, and presigns links to them. */
  writesExports: boolean;
  /** Reads the secret that signs marketing mails' unsubscribe links, and is told the customer API's URL. */
  signsUnsubscribeLinks: boolean;
  /** DynamoDB tables it reads and writes (items and their indexes); their names come from RESOURCE_PREFIX. */
  tables: readonly TableName[];
}

export interface LambdaFunctionDefinition {
  /** The TypeScript module exporting `handler`, relative to the repository root. */
  entry: string;
  description: string;
  trigger: FunctionTrigger;
  memoryMb: number;
  /** Must stay below the trigger queue's visibility timeout, or SQS redelivers batches still running. */
  timeoutSeconds: number;
  /** Caps the connections the function can open against RDS (each instance holds a pool of 2). */
  reservedConcurrency: number;
  access: FunctionAccess;
  /** Node flags beyond source maps, e.g. heap sizes for a function whose memory must stay flat. */
  nodeOptions?: string;
}

export type FunctionTrigger = QueueTrigger | ScheduleTrigger | CognitoTrigger;

/** The CustomEmailSender's name, also what cognito-local is told to invoke locally. */
export const COGNITO_SENDER_FUNCTION = 'cognito-email-sender';

const functions = {
  'transactions-processor': {
    entry: 'services/loyalty-processor/src/lambda.ts',
    description: 'Applies recorded transactions and enrolments to cards, lots and the ledger',
    // A cashier waits on this apply (`Prefer: wait`): a batching window would hold a lone visit back for it.
    trigger: { queue: 'transactions', batchSize: 10, maximumBatchingWindowSeconds: 0 },
    memoryMb: 256,
    timeoutSeconds: 20,
    reservedConcurrency: 5,
    access: { database: true, sendsEmail: false, decryptsCognitoCodes: false, writesExports: false, signsUnsubscribeLinks: false, tables: [] },
  },
  'points-expiry': {
    entry: 'services/loyalty-processor/src/expiry-lambda.ts',
    description: 'Expires due points lots and announces lots about to expire',
    trigger: { scheduleExpression: 'rate(15 minutes)' },
    memoryMb: 256,
    timeoutSeconds: 300,
    reservedConcurrency: 1,
    access: { database: true, sendsEmail: false, decryptsCognitoCodes: false, writesExports: false, signsUnsubscribeLinks: false, tables: [] },
  },
  notifier: {
    entry: 'services/notifier/src/lambda.ts',
    description: 'Sends reward and expiry emails through SES',
    trigger: { queue: 'email', batchSize: 10, maximumBatchingWindowSeconds: 5 },
    memoryMb: 256,
    timeoutSeconds: 20,
    reservedConcurrency: 2,
    access: { database: true, sendsEmail: true, decryptsCognitoCodes: false, writesExports: false, signsUnsubscribeLinks: false, tables: [] },
  },
  [COGNITO_SENDER_FUNCTION]: {
    entry: 'services/notifier/src/cognito-lambda.ts',
    description: "Sends Cognito's verification, reset and invitation codes through our templates and SES",
    trigger: { cognito: 'CustomEmailSender', userPools: ['customers', 'staff'] },
    memoryMb: 256,
    timeoutSeconds: 10,
    reservedConcurrency: 5,
    access: { database: false, sendsEmail: true, decryptsCognitoCodes: true, writesExports: false, signsUnsubscribeLinks: false, tables: [] },
  },
  analytics: {
    entry: 'services/analytics/src/lambda.ts',
    description: 'Counts every event into the daily analytics aggregates',
    trigger: { queue: 'analytics', batchSize: 10, maximumBatchingWindowSeconds: 5 },
    memoryMb: 256,
    timeoutSeconds: 20,
    reservedConcurrency: 2,
    access: { database: true, sendsEmail: false, decryptsCognitoCodes: false, writesExports: false, signsUnsubscribeLinks: false, tables: [] },
  },
  'analytics-insights': {
    entry: 'services/analytics/src/insights-lambda.ts',
    description: 'Computes customer segments and insights per program',
    trigger: { scheduleExpression: 'rate(1 hour)' },
    memoryMb: 256,
    timeoutSeconds: 300,
    reservedConcurrency: 1,
    access: { database: true, sendsEmail: false, decryptsCognitoCodes: false, writesExports: false, signsUnsubscribeLinks: false, tables: [] },
  },
  exporter: {
    entry: 'services/exporter/src/lambda.ts',
    description: 'Streams data exports as gzipped CSV or JSON Lines into the exports bucket',
    trigger: { queue: 'exports', batchSize: 1, maximumBatchingWindowSeconds: 0 },
    memoryMb: 256,
    timeoutSeconds: 900,
    reservedConcurrency: 2,
    access: { database: true, sendsEmail: false, decryptsCognitoCodes: false, writesExports: true, signsUnsubscribeLinks: false, tables: [] },
    // A small young generation (each streamed chunk still dies there) and an old space capped well below
    // the memory: a 1,000,000-row export peaks at 125 MiB from the zip (`BENCH_EXPORT_ZIP=1 npm run bench:export`).
    nodeOptions: '--max-semi-space-size=2 --max-old-space-size=64',
  },
  'campaign-sender': {
    entry: 'services/notifier/src/campaign-sender-lambda.ts',
    description: 'Sends started marketing campaigns at the configured rate, each recipient at most once',
    // Every minute, one run at a time: a run sends until nothing is pending or its time is up.
    trigger: { scheduleExpression: 'rate(1 minute)' },
    memoryMb: 256,
    timeoutSeconds: 60,
    reservedConcurrency: 1,
    access: { database: true, sendsEmail: true, decryptsCognitoCodes: false, writesExports: false, signsUnsubscribeLinks: true, tables: [] },
  },
  'audit-writer': {
    entry: 'services/analytics/src/audit-lambda.ts',
    description: 'Writes every audit event (security events, staff actions) to the audit table',
    trigger: { queue: 'audit', batchSize: 10, maximumBatchingWindowSeconds: 5 },
    memoryMb: 256,
    timeoutSeconds: 20,
    reservedConcurrency: 2,
    access: { database: false, sendsEmail: false, decryptsCognitoCodes: false, writesExports: false, signsUnsubscribeLinks: false, tables: ['audit'] },
  },
  'history-writer': {
    entry: 'services/analytics/src/history-lambda.ts',
    description: "Projects each recorded and settled transaction's row into the transaction-history table",
    trigger: { queue: 'history', batchSize: 10, maximumBatchingWindowSeconds: 1 },
    memoryMb: 256,
    timeoutSeconds: 20,
    reservedConcurrency: 2,
    access: {
      database: true,
      sendsEmail: false,
      decryptsCognitoCodes: false,
      writesExports: false,
      signsUnsubscribeLinks: false,
      tables: ['transaction-history'],
    },
  },
} as const satisfies Record<string, LambdaFunctionDefinition>;

export type LambdaFunctionName = keyof typeof functions;

export const lambdaFunctions: Readonly<Record<LambdaFunctionName, LambdaFunctionDefinition>> = functions;

export function isQueueTrigger(trigger: FunctionTrigger): trigger is QueueTrigger {
  return 'queue' in trigger;
}

/** How many batches of a queue AWS runs at once: the reserved concurrency of the one function it triggers. */
export function queueConcurrency(queue: QueueName): number {
  const consumer = Object.values(lambdaFunctions).find((definition) => isQueueTrigger(definition.trigger) && definition.trigger.queue === queue);
  return consumer?.reservedConcurrency ?? 1;
}

export function isScheduleTrigger(trigger: FunctionTrigger): trigger is ScheduleTrigger {
  return 'scheduleExpression' in trigger;
}
