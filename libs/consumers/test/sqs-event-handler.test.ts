import { jest } from '@jest/globals';
import type { AnyEvent } from '@loyalty/contracts';
import { createLogger, currentLogContext, type LogContext } from '@loyalty/platform';
import { sqsEventHandler } from '../src/index.js';
import { transactionRecorded } from './support/events.js';
import { sqsRecord } from './support/records.js';

const logger = createLogger('sqs-event-handler-test');

describe('sqsEventHandler', () => {
  it('handles the valid records and reports a malformed one as a batch item failure with its reason logged', async () => {
    const loggedErrors = jest.spyOn(logger, 'error');
    const handled: string[] = [];
    const handler = sqsEventHandler({ consumer: 'test', logger, handle: async (event) => void handled.push(event.id) });
    const [first, second] = [transactionRecorded(), transactionRecorded()];
    const malformed = sqsRecord(JSON.stringify({ ...transactionRecorded(), payload: { kind: 'visit' } }));

    const response = await handler({ Records: [sqsRecord(JSON.stringify(first)), malformed, sqsRecord(JSON.stringify(second))] });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: malformed.messageId }]);
    expect(handled.sort()).toEqual([first.id, second.id].sort());
    expect(loggedErrors).toHaveBeenCalledWith(
      expect.objectContaining({ messageId: malformed.messageId, reason: expect.stringContaining('bad transaction.recorded payload') }),
      expect.any(String),
    );
  });

  it('answers a batch where nothing parses with item failures instead of throwing', async () => {
    const handler = sqsEventHandler({ consumer: 'test', logger, handle: async () => undefined });
    const records = [sqsRecord('not json'), sqsRecord(JSON.stringify({ id: 'x' }))];

    const response = await handler({ Records: records });

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(records.map((record) => record.messageId).sort());
  });

  it('fails only the record whose handling throws', async () => {
    const failing = transactionRecorded();
    const handler = sqsEventHandler({
      consumer: 'test',
      logger,
      handle: async (event) => {
        if (event.id === failing.id) throw new Error('effect failed');
      },
    });
    const failingRecord = sqsRecord(JSON.stringify(failing));

    const response = await handler({ Records: [sqsRecord(JSON.stringify(transactionRecorded())), failingRecord] });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: failingRecord.messageId }]);
  });

  it('runs each handling inside a log context carrying the event correlation and causation', async () => {
    const seen = new Map<string, LogContext>();
    const handler = sqsEventHandler({ consumer: 'test', logger, handle: async (event: AnyEvent) => void seen.set(event.id, currentLogContext()) });
    const events = [transactionRecorded(), transactionRecorded()];

    await handler({ Records: events.map((event) => sqsRecord(JSON.stringify(event))) });

    for (const event of events) {
      expect(seen.get(event.id)).toMatchObject({
        correlationId: event.correlationId,
        causationId: event.id,
        eventId: event.id,
        eventType: 'transaction.recorded',
      });
    }
  });
});
