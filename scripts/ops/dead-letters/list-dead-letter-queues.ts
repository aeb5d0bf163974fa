import type { SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterQueues, queueDepth } from './dead-letter-queues.js';
import { peekDeadLetters } from './peek.js';

export interface DeadLetterQueueSummary {
  queue: string;
  deadLetterQueue: string;
  messages: number;
  inFlight: number;
  /** The earliest original send time among the messages looked at. */
  oldestSentAt: Date | undefined;
  /** False when there were more messages than were looked at: the oldest may be older still. */
  oldestIsExact: boolean;
}

const OLDEST_SCAN_LIMIT = 100;

export async function listDeadLetterQueues(sqs: SQSClient, prefix: string): Promise<DeadLetterQueueSummary[]> {
  const queues = await deadLetterQueues(sqs, prefix);
  return Promise.all(
    queues.map(async (dlq) => {
      const depth = await queueDepth(sqs, dlq.url);
      const looked = depth.visible + depth.inFlight > 0 ? await peekDeadLetters(sqs, dlq.url, OLDEST_SCAN_LIMIT) : [];
      const sentTimes = looked.flatMap((letter) => (letter.sentAt ? [letter.sentAt.getTime()] : []));
      return {
        queue: dlq.queue,
        deadLetterQueue: dlq.name,
        messages: depth.visible,
        inFlight: depth.inFlight,
        oldestSentAt: sentTimes.length > 0 ? new Date(Math.min(...sentTimes)) : undefined,
        oldestIsExact: looked.length >= depth.visible + depth.inFlight,
      };
    }),
  );
}
