import { PurgeQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type DeadLetterQueue, queueDepth } from './dead-letter-queues.js';

/**
 * Deletes every message of the DLQ for good, only when `confirmed`; returns about how many there were.
 * SQS allows one purge a minute per queue.
 */
export async function purgeDeadLetters(sqs: SQSClient, dlq: DeadLetterQueue, { confirmed }: { confirmed: boolean }): Promise<number> {
  const { visible, inFlight } = await queueDepth(sqs, dlq.url);
  if (!confirmed) throw new Error(`refusing to delete the ${visible + inFlight} message(s) of ${dlq.name} for good without --yes`);
  await sqs.send(new PurgeQueueCommand({ QueueUrl: dlq.url }));
  return visible + inFlight;
}
