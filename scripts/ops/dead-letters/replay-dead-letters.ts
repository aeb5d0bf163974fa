import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { eventFields } from './dead-letter-body.js';
import { type DeadLetter, deleteDeadLetters, receiveDeadLetters, releaseDeadLetters } from './dead-letter-messages.js';
import { type DeadLetterQueue, queueDepth } from './dead-letter-queues.js';

export interface ReplayOptions {
  /** SQS message ids or event ids to replay; without them, every message in the DLQ. */
  ids?: readonly string[];
  dryRun?: boolean;
  onProgress?: (progress: { moved: number; of: number }) => void;
  /** Runs after a batch was sent back and before it is deleted from the DLQ: the step a crash can interrupt. */
  beforeDelete?: (sent: readonly DeadLetter[]) => Promise<void>;
  /** How long a received message stays hidden: a crashed replay's messages reappear in the DLQ after it. */
  visibilityTimeoutSeconds?: number;
}

export interface ReplayResult {
  /** Sent back to the source queue (or, in a dry run, would be). */
  selected: DeadLetter[];
  /** Sent back and deleted from the DLQ. */
  moved: string[];
  /** Not sent: still in the DLQ. */
  sendFailures: { messageId: string; reason: string }[];
  /** Sent but still in the DLQ: replaying again sends a duplicate, which the consumer's inbox skips. */
  deleteFailures: string[];
  /** Asked-for ids that no message in the DLQ has. */
  notFound: string[];
}

/**
 * Moves dead letters back to their source queue with the same body and message attributes. Never loses
 * one: a message leaves the DLQ only after SQS accepted its copy, entry by entry. A crash in between
 * leaves it in both queues; consumers are idempotent, so the duplicate changes nothing. It looks at as
 * many messages as the DLQ held when it started (in flight included: a crashed replay's reappear), so
 * messages that fail again meanwhile are not chased.
 */
export async function replayDeadLetters(sqs: SQSClient, dlq: DeadLetterQueue, options: ReplayOptions = {}): Promise<ReplayResult> {
  const { ids, dryRun = false, onProgress, beforeDelete, visibilityTimeoutSeconds = 60 } = options;
  const wanted = ids && new Set(ids);
  const result: ReplayResult = { selected: [], moved: [], sendFailures: [], deleteFailures: [], notFound: [] };
  const { visible, inFlight } = await queueDepth(sqs, dlq.url);
  const present = visible + inFlight;
  const of = wanted?.size ?? present;
  const seen = new Set<string>();
  const found = new Set<string>();
  // Received but not moved: made visible again at the end rather than received over and over.
  const held: DeadLetter[] = [];
  const matches = (letter: DeadLetter) => {
    if (!wanted) return true;
    const hits = [letter.messageId, eventFields(letter.body).eventId].filter((id): id is string => id !== undefined && wanted.has(id));
    for (const id of hits) found.add(id);
    return hits.length > 0;
  };

  try {
    while (seen.size < present && !(wanted && found.size === wanted.size)) {
      const batch = (await receiveDeadLetters(sqs, dlq.url, 10, visibilityTimeoutSeconds)).filter((letter) => !seen.has(letter.messageId));
      if (batch.length === 0) break;
      for (const letter of batch) seen.add(letter.messageId);
      const chosen = batch.filter(matches);
      held.push(...batch.filter((letter) => !chosen.includes(letter)));
      result.selected.push(...chosen);
      if (dryRun) {
        held.push(...chosen);
        continue;
      }
      const { sent, failures } = await sendBack(sqs, dlq.sourceUrl, chosen);
      held.push(...chosen.filter((letter) => !sent.includes(letter)));
      result.sendFailures.push(...failures);
      await beforeDelete?.(sent);
      const notDeleted = await deleteDeadLetters(sqs, dlq.url, sent);
      result.deleteFailures.push(...notDeleted);
      result.moved.push(...sent.map((letter) => letter.messageId).filter((id) => !notDeleted.includes(id)));
      onProgress?.({ moved: result.moved.length, of });
    }
  } finally {
    await releaseDeadLetters(sqs, dlq.url, held);
  }
  result.notFound = wanted ? [...wanted].filter((id) => !found.has(id)) : [];
  return result;
}

async function sendBack(sqs: SQSClient, url: string, letters: readonly DeadLetter[]): Promise<{ sent: DeadLetter[]; failures: ReplayResult['sendFailures'] }> {
  if (letters.length === 0) return { sent: [], failures: [] };
  const { Successful = [], Failed = [] } = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: letters.map((letter, index) => ({
        Id: String(index),
        MessageBody: letter.body,
        MessageAttributes: Object.keys(letter.messageAttributes).length > 0 ? letter.messageAttributes : undefined,
      })),
    }),
  );
  const accepted = new Set(Successful.map((entry) => entry.Id));
  const reasons = new Map(Failed.map((entry) => [entry.Id, `${entry.Code}: ${entry.Message ?? ''}`]));
  return {
    sent: letters.filter((_, index) => accepted.has(String(index))),
    // An entry in neither list was not accepted either: it stays in the DLQ.
    failures: letters.flatMap((letter, index) =>
      accepted.has(String(index)) ? [] : [{ messageId: letter.messageId, reason: reasons.get(String(index)) ?? 'missing from the SendMessageBatch answer' }],
    ),
  };
}
