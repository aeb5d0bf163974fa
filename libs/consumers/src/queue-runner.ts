import { setTimeout as delay } from 'node:timers/promises';
import { GetQueueAttributesCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import type { Logger } from '@loyalty/platform';
import type { SqsBatchHandler } from './sqs-event-handler.js';
import { toSqsRecord, type QueueIdentity } from './to-sqs-record.js';

export interface QueueRunnerOptions {
  queueUrl: string;
  sqsClient: SQSClient;
  handler: SqsBatchHandler;
  logger: Logger;
  batchSize?: number;
  waitTimeSeconds?: number;
  visibilityTimeout?: number;
  /** Batches in flight at once, as an event source mapping runs up to the function's concurrency. */
  pollers?: number;
}

export interface QueueRunner {
  /** Stops polling and resolves once the batch in flight (handler and deletes) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs a Lambda SQS handler against a queue the way the event source mapping does: receive a batch,
 * call the handler, delete only the messages it did not report in batchItemFailures. Failed messages
 * stay in the queue, reappear after the visibility timeout and count towards the redrive policy.
 */
export async function startQueueRunner({
  queueUrl,
  sqsClient,
  handler,
  logger,
  batchSize = 10,
  waitTimeSeconds = 20,
  visibilityTimeout,
  pollers = 1,
}: QueueRunnerOptions): Promise<QueueRunner> {
  const queue = await queueIdentity(sqsClient, queueUrl);
  const state = { stopping: false };
  const consumers = Array.from({ length: pollers }, () =>
    startPoller({ queueUrl, sqsClient, handler, logger, batchSize, waitTimeSeconds, visibilityTimeout, queue, state }),
  );
  logger.info({ queueUrl, batchSize, pollers }, 'queue runner started');

  return {
    async stop() {
      state.stopping = true;
      await Promise.all(consumers.map((poller) => poller.stop()));
      logger.info({ queueUrl }, 'queue runner stopped');
    },
  };
}

type PollerOptions = Omit<QueueRunnerOptions, 'pollers'> & {
  batchSize: number;
  waitTimeSeconds: number;
  queue: QueueIdentity;
  state: { stopping: boolean };
};

function startPoller({ queueUrl, sqsClient, handler, logger, batchSize, waitTimeSeconds, visibilityTimeout, queue, state }: PollerOptions) {
  let batchInFlight = false;
  const consumer = Consumer.create({
    queueUrl,
    sqs: sqsClient,
    batchSize,
    waitTimeSeconds,
    visibilityTimeout,
    attributeNames: ['All'],
    messageSystemAttributeNames: ['All'],
    messageAttributeNames: ['All'],
    handleMessageBatch: async (messages) => {
      batchInFlight = true;
      return acknowledgedMessages(messages, queue, handler, logger);
    },
  });
  consumer.on('response_processed', () => {
    batchInFlight = false;
  });
  consumer.on('error', (error) => {
    if (!state.stopping) logger.error({ err: error, queueUrl }, 'queue runner error');
  });
  consumer.start();
  return {
    async stop() {
      // Aborting cuts a long poll short; it would also abort the deletes of a batch in flight, so not then.
      consumer.stop({ abort: !batchInFlight });
      while (consumer.status.isPolling) await delay(10);
    },
  };
}

async function acknowledgedMessages(messages: Message[], queue: QueueIdentity, handler: SqsBatchHandler, logger: Logger): Promise<Message[]> {
  const messageIds = messages.map((message) => message.MessageId);
  try {
    const { batchItemFailures } = await handler({ Records: messages.map((message) => toSqsRecord(message, queue)) });
    const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    // Lambda fails the whole batch when a reported identifier is not one of its messages; so do we.
    if ([...failed].some((id) => !messageIds.includes(id))) {
      logger.error({ messageIds, batchItemFailures }, 'handler reported an unknown message id, the whole batch will be retried');
      return [];
    }
    return messages.filter((message) => !failed.has(message.MessageId ?? ''));
  } catch (error) {
    logger.error({ err: error, messageIds }, 'handler failed for the whole batch, every message will be retried');
    return [];
  }
}

async function queueIdentity(sqsClient: SQSClient, queueUrl: string): Promise<QueueIdentity> {
  const { Attributes } = await sqsClient.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  const region = arn?.split(':')[3];
  if (!arn || !region) throw new Error(`queue ${queueUrl} has no QueueArn`);
  return { arn, region };
}
