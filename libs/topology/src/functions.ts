import type { QueueName } from './topology.js';

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

/** What a function reaches besides its own trigger and its logs; IAM grants exactly this. */
export interface FunctionAccess {
  database: boolean;
  sendsEmail: boolean;
  /** Writes export files to the exports bucket, and presigns links to them. */
  writesExports: boolean;
}

export interface LambdaFunctionDefinition {
  /** The TypeScript module exporting `handler`, relative to the repository root. */
  entry: string;
  description: string;
  trigger: QueueTrigger | ScheduleTrigger;
  memoryMb: number;
  /** Must stay below the trigger queue's visibility timeout, or SQS redelivers batches still running. */
  timeoutSeconds: number;
  /** Caps the connections the function can open against RDS (each instance holds a pool of 2). */
  reservedConcurrency: number;
  access: FunctionAccess;
  /** Node flags beyond source maps, e.g. heap sizes for a function whose memory must stay flat. */
  nodeOptions?: string;
}

const functions = {
  'transactions-processor': {
    entry: 'services/loyalty-processor/src/lambda.ts',
    description: 'Applies recorded transactions and enrolments to cards, lots and the ledger',
    trigger: { queue: 'transactions', batchSize: 10, maximumBatchingWindowSeconds: 1 },
    memoryMb: 256,
    timeoutSeconds: 20,
    reservedConcurrency: 5,
    access: { database: true, sendsEmail: false, writesExports: false },
  },
  'points-expiry': {
    entry: 'services/loyalty-processor/src/expiry-lambda.ts',
    description: 'Expires due points lots and announces lots about to expire',
    trigger: { scheduleExpression: 'rate(15 minutes)' },
    memoryMb: 256,
    timeoutSeconds: 300,
    reservedConcurrency: 1,
    access: { database: true, sendsEmail: false, writesExports: false },
  },
  notifier: {
    entry: 'services/notifier/src/lambda.ts',
    description: 'Sends reward and expiry emails through SES',
    trigger: { queue: 'email', batchSize: 10, maximumBatchingWindowSeconds: 5 },
    memoryMb: 256,
    timeoutSeconds: 20,
    reservedConcurrency: 2,
    access: { database: true, sendsEmail: true, writesExports: false },
  },
  exporter: {
    entry: 'services/exporter/src/lambda.ts',
    description: 'Streams data exports as gzipped CSV or JSON Lines into the exports bucket',
    trigger: { queue: 'exports', batchSize: 1, maximumBatchingWindowSeconds: 0 },
    memoryMb: 256,
    timeoutSeconds: 900,
    reservedConcurrency: 2,
    access: { database: true, sendsEmail: false, writesExports: true },
    // A young generation big enough that each streamed chunk dies there, and an old space capped well
    // below the memory: RSS stays flat (npm run bench:export measures exactly these flags).
    nodeOptions: '--max-semi-space-size=16 --max-old-space-size=96',
  },
} as const satisfies Record<string, LambdaFunctionDefinition>;

export type LambdaFunctionName = keyof typeof functions;

export const lambdaFunctions: Readonly<Record<LambdaFunctionName, LambdaFunctionDefinition>> = functions;

export function isQueueTrigger(trigger: QueueTrigger | ScheduleTrigger): trigger is QueueTrigger {
  return 'queue' in trigger;
}
