import type { SQSClient } from '@aws-sdk/client-sqs';
import { recordedFailures, type RecordedFailure } from '@loyalty/consumers';
import type { Pool } from 'pg';
import { type EventFields, eventFields } from './dead-letter-body.js';
import type { DeadLetterQueue } from './dead-letter-queues.js';
import { peekDeadLetters } from './peek.js';

/** The event fields come from the body as it is, so a body that never parsed shows what it has. */
export interface DeadLetterReport extends EventFields {
  messageId: string;
  /** Who failed it, and why, as the consumer recorded it; undefined when nothing was recorded. */
  consumer: string | undefined;
  reason: string | undefined;
  /** Receives by the consumer when it recorded a failure, else SQS's count (which includes peeks). */
  receiveCount: number;
  sentAt: Date | undefined;
  firstReceivedAt: Date | undefined;
  lastFailedAt: Date | undefined;
  body: string;
}

/** Up to `limit` dead messages of a queue, each with the reason its consumer recorded (none without a database). */
export async function showDeadLetters(sqs: SQSClient, database: Pool | undefined, dlq: DeadLetterQueue, limit: number): Promise<DeadLetterReport[]> {
  const letters = await peekDeadLetters(sqs, dlq.url, limit);
  const failures = new Map<string, RecordedFailure>();
  if (database && letters.length > 0) {
    for (const failure of await recordedFailures(
      database,
      letters.map((letter) => letter.messageId),
    )) {
      failures.set(failure.messageId, failure);
    }
  }
  return letters.map((letter) => {
    const failure = failures.get(letter.messageId);
    return {
      messageId: letter.messageId,
      ...eventFields(letter.body),
      consumer: failure?.consumer,
      reason: failure?.reason,
      receiveCount: failure?.receiveCount ?? letter.receiveCount,
      sentAt: letter.sentAt,
      firstReceivedAt: letter.firstReceivedAt ?? failure?.firstFailedAt,
      lastFailedAt: failure?.lastFailedAt,
      body: letter.body,
    };
  });
}
