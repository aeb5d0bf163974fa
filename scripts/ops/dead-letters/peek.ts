import type { SQSClient } from '@aws-sdk/client-sqs';
import { type DeadLetter, receiveDeadLetters, releaseDeadLetters } from './dead-letter-messages.js';
import { queueDepth } from './dead-letter-queues.js';

// Long enough to look through a few hundred messages; if this process dies, they reappear after it.
const PEEK_VISIBILITY_SECONDS = 30;

/**
 * Looks at up to `limit` messages without taking them: they are received (hidden from others while
 * the peek lasts) and made visible again before this returns. Each peek adds one to their receive count.
 */
export async function peekDeadLetters(sqs: SQSClient, url: string, limit: number): Promise<DeadLetter[]> {
  const { visible, inFlight } = await queueDepth(sqs, url);
  // In-flight messages may be visible again by now (a crashed replay's); the loop stops at the first empty receive.
  const wanted = Math.min(limit, visible + inFlight);
  const seen = new Map<string, DeadLetter>();
  try {
    while (seen.size < wanted) {
      const batch = await receiveDeadLetters(sqs, url, wanted - seen.size, PEEK_VISIBILITY_SECONDS);
      if (batch.length === 0) break;
      for (const letter of batch) seen.set(letter.messageId, letter);
    }
  } finally {
    await releaseDeadLetters(sqs, url, [...seen.values()]);
  }
  return [...seen.values()];
}
