import type { PublishBatchResponse } from '@aws-sdk/client-sns';
import type { OutboxRow } from './outbox-row.js';
import { chunkEntries, toPublishEntry, type PublishEntry } from './publish-entries.js';
import { describeError, isRejectedRequest } from './publish-failure.js';
import type { PublishBatch } from './sns-publish-batch.js';

export type TopicArnResolver = (topic: string) => string | Promise<string>;

/**
 * published: SNS accepted it. failed: this row (or its request) was refused, which costs an attempt.
 * deferred: SNS was unavailable; the row stays due as it is.
 */
export type PublishOutcome = { status: 'published' } | { status: 'failed'; error: string } | { status: 'deferred'; error: string };

export interface PublishRowsDeps {
  publish: PublishBatch;
  topicArn: TopicArnResolver;
}

/** Publishes rows grouped by topic, in PublishBatch-sized requests, and returns an outcome for every row. */
export async function publishRows(rows: OutboxRow[], deps: PublishRowsDeps): Promise<Map<string, PublishOutcome>> {
  const outcomes = new Map<string, PublishOutcome>();
  const byTopic = groupByTopic(rows);
  await Promise.all(
    [...byTopic].map(async ([topic, topicRows]) => {
      let topicArn: string;
      try {
        topicArn = await deps.topicArn(topic);
      } catch (error) {
        for (const row of topicRows) outcomes.set(row.id, { status: 'failed', error: `no topic ARN for ${topic}: ${describeError(error)}` });
        return;
      }
      await Promise.all(chunkEntries(topicRows.map(toPublishEntry)).map((chunk) => publishChunk(topicArn, chunk, deps.publish, outcomes)));
    }),
  );
  return outcomes;
}

async function publishChunk(topicArn: string, chunk: PublishEntry[], publish: PublishBatch, outcomes: Map<string, PublishOutcome>) {
  let response: PublishBatchResponse;
  try {
    response = await publish(
      topicArn,
      chunk.map(({ entry }) => entry),
    );
  } catch (error) {
    const outcome: PublishOutcome = { status: isRejectedRequest(error) ? 'failed' : 'deferred', error: describeError(error) };
    for (const { row } of chunk) outcomes.set(row.id, outcome);
    return;
  }
  // A 200 answer can still carry failed entries; an entry in neither list was not confirmed either.
  const succeeded = new Set((response.Successful ?? []).map((success) => success.Id));
  const failed = new Map((response.Failed ?? []).map((failure) => [failure.Id, `${failure.Code ?? 'Failed'}: ${failure.Message ?? 'no message'}`]));
  for (const { row } of chunk) {
    const failure = failed.get(row.id);
    if (failure !== undefined) outcomes.set(row.id, { status: 'failed', error: failure });
    else if (succeeded.has(row.id)) outcomes.set(row.id, { status: 'published' });
    else outcomes.set(row.id, { status: 'failed', error: 'SNS returned no result for this entry' });
  }
}

function groupByTopic(rows: OutboxRow[]): Map<string, OutboxRow[]> {
  return Map.groupBy(rows, (row) => row.topic);
}
