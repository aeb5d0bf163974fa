import { GetQueueAttributesCommand, QueueDoesNotExist, type SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterQueueName, physicalName, queueUrl, topology, type QueueName } from '@loyalty/topology';

export interface DeadLetterQueue {
  queue: QueueName;
  /** Where a replayed message goes back to. */
  sourceName: string;
  sourceUrl: string;
  name: string;
  url: string;
}

export interface QueueDepth {
  visible: number;
  /** Received by someone and not yet deleted or made visible again. */
  inFlight: number;
}

export const queueNames = Object.keys(topology.queues) as QueueName[];

/** The DLQ of a topology queue (by its logical name, e.g. `transactions`) in the environment `prefix`. */
export async function deadLetterQueue(sqs: SQSClient, prefix: string, queue: string): Promise<DeadLetterQueue> {
  if (!isQueueName(queue)) throw new Error(`unknown queue "${queue}": one of ${queueNames.join(', ')}`);
  const sourceName = physicalName(prefix, queue);
  const name = deadLetterQueueName(sourceName);
  return { queue, sourceName, sourceUrl: await existingQueueUrl(sqs, sourceName), name, url: await existingQueueUrl(sqs, name) };
}

export async function deadLetterQueues(sqs: SQSClient, prefix: string): Promise<DeadLetterQueue[]> {
  return Promise.all(queueNames.map((queue) => deadLetterQueue(sqs, prefix, queue)));
}

export async function queueDepth(sqs: SQSClient, url: string): Promise<QueueDepth> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

function isQueueName(name: string): name is QueueName {
  return (queueNames as string[]).includes(name);
}

async function existingQueueUrl(sqs: SQSClient, name: string): Promise<string> {
  try {
    return await queueUrl(sqs, name);
  } catch (error) {
    if (error instanceof QueueDoesNotExist) throw new Error(`queue ${name} does not exist: is this environment provisioned, and is --env right?`);
    throw error;
  }
}
