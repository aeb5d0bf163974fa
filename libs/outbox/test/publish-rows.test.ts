import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { PublishBatchRequestEntry, PublishBatchResponse } from '@aws-sdk/client-sns';
import { publishRows, type OutboxRow, type PublishBatch } from '../src/index.js';

function row(topic = 'loyalty', payload: unknown = {}): OutboxRow {
  const id = randomUUID();
  return {
    id,
    topic,
    attempts: 0,
    headers: { correlationId: 'c', causationId: null },
    envelope: {
      id,
      type: 'transaction.recorded',
      version: 1,
      occurredAt: new Date().toISOString(),
      businessId: randomUUID(),
      aggregate: { type: 'transaction', id },
      correlationId: 'c',
      causationId: null,
      payload,
    },
  };
}

const arn = (topic: string) => `arn:aws:sns:us-east-1:000000000000:${topic}`;

test('reads every entry of a 200 answer: failed and unanswered entries fail, the rest are published', async () => {
  const rows = [row(), row(), row()];
  const publish: PublishBatch = async () => ({
    Successful: [{ Id: rows[0]!.id, MessageId: 'm' }],
    Failed: [{ Id: rows[1]!.id, Code: 'InternalError', Message: 'boom', SenderFault: false }],
  });
  const outcomes = await publishRows(rows, { publish, topicArn: arn });
  expect(outcomes.get(rows[0]!.id)).toEqual({ status: 'published' });
  expect(outcomes.get(rows[1]!.id)).toEqual({ status: 'failed', error: 'InternalError: boom' });
  expect(outcomes.get(rows[2]!.id)).toEqual({ status: 'failed', error: 'SNS returned no result for this entry' });
});

test('groups by topic and sends at most 10 entries per request', async () => {
  const rows = [...Array.from({ length: 23 }, () => row('loyalty')), ...Array.from({ length: 4 }, () => row('customer'))];
  const calls: [string, number][] = [];
  const publish: PublishBatch = async (topicArn, entries) => {
    calls.push([topicArn, entries.length]);
    return { Successful: entries.map((entry) => ({ Id: entry.Id })) };
  };
  const outcomes = await publishRows(rows, { publish, topicArn: arn });
  expect(calls.sort()).toEqual(
    [
      [arn('customer'), 4],
      [arn('loyalty'), 10],
      [arn('loyalty'), 10],
      [arn('loyalty'), 3],
    ].sort(),
  );
  expect([...outcomes.values()].every((outcome) => outcome.status === 'published')).toBe(true);
});

test('keeps each request under the 256 KiB PublishBatch limit', async () => {
  const rows = Array.from({ length: 5 }, () => row('loyalty', { blob: 'x'.repeat(100_000) }));
  const sizes: number[] = [];
  const publish = jest.fn<PublishBatch>(async (_topicArn, entries: PublishBatchRequestEntry[]) => {
    sizes.push(entries.reduce((sum, entry) => sum + Buffer.byteLength(entry.Message ?? ''), 0));
    return { Successful: entries.map((entry) => ({ Id: entry.Id })) } satisfies PublishBatchResponse;
  });
  await publishRows(rows, { publish, topicArn: arn });
  expect(publish).toHaveBeenCalledTimes(3);
  expect(Math.max(...sizes)).toBeLessThan(256 * 1024);
});

test('a rejected request fails its rows; an unreachable SNS defers them without costing an attempt', async () => {
  const rejected = Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException', $fault: 'client' });
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $fault: 'client', $retryable: { throttling: true } });
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const errors: Record<string, Error> = { [arn('a')]: rejected, [arn('b')]: throttled, [arn('c')]: refused };
  const rows = [row('a'), row('b'), row('c')];
  const outcomes = await publishRows(rows, { publish: async (topicArn) => Promise.reject(errors[topicArn]), topicArn: arn });
  expect(outcomes.get(rows[0]!.id)).toEqual({ status: 'failed', error: 'NotFoundException: Topic does not exist' });
  expect(outcomes.get(rows[1]!.id)).toMatchObject({ status: 'deferred' });
  expect(outcomes.get(rows[2]!.id)).toMatchObject({ status: 'deferred' });
});
