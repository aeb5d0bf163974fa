import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseEvent, type AnyEvent } from '@loyalty/contracts';
import { withLogContext, type Logger } from '@loyalty/platform';
import type { FailureRecorder } from './consumer-failures.js';

/** The shape of a Lambda SQS handler with ReportBatchItemFailures; the local runner calls it without a context. */
export type SqsBatchHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

export interface EventContext {
  record: SQSRecord;
  lambdaContext: Context | undefined;
}

export interface SqsEventHandlerOptions {
  consumer: string;
  logger: Logger;
  handle: (event: AnyEvent, ctx: EventContext) => Promise<void>;
  /** Keeps why a record failed, for `npm run ops -- dlq show`: redrive to the DLQ carries no reason. */
  recordFailure?: FailureRecorder;
}

/**
 * Validates every record and hands the valid events to `handle`. A record that does not parse or whose
 * handling throws becomes a batch item failure: SQS makes it visible again, and after the queue's
 * maxReceiveCount its redrive policy moves it to the DLQ. The reason goes to the log line keyed by
 * messageId and to `recordFailure`.
 */
export function sqsEventHandler({ consumer, logger, handle, recordFailure }: SqsEventHandlerOptions): SqsBatchHandler {
  const failed = async (record: SQSRecord, error: unknown, event?: AnyEvent): Promise<never> => {
    if (recordFailure) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      // Not being able to say why must not change the outcome: the record still fails and is retried.
      await recordFailure({ consumer, messageId: record.messageId, event, reason, receiveCount }).catch((recordingError: unknown) =>
        logger.error({ err: recordingError, consumer, messageId: record.messageId }, 'could not record why the message failed'),
      );
    }
    throw error;
  };

  return async (event, lambdaContext) => {
    const handleRecord = async (record: SQSRecord): Promise<void> => {
      let parsed: AnyEvent;
      try {
        parsed = parseRecord(record, consumer, logger);
      } catch (error) {
        return failed(record, error);
      }
      const logContext = {
        correlationId: parsed.correlationId,
        causationId: parsed.id,
        eventId: parsed.id,
        eventType: parsed.type,
        consumer,
        messageId: record.messageId,
      };
      await withLogContext(logContext, async () => {
        try {
          await handle(parsed, { record, lambdaContext });
        } catch (error) {
          logger.error({ err: error, receiveCount: record.attributes.ApproximateReceiveCount }, 'event handling failed, message will be retried');
          await failed(record, error, parsed);
        }
      });
    };
    // A fresh processor per invocation: it keeps per-batch state, and the local runner may share a handler.
    const processor = new BatchProcessor(EventType.SQS);
    // A fully failed batch is still a list of item failures, never a crash (Lambda treats both alike).
    return processPartialResponse(event, handleRecord, processor, { context: lambdaContext, throwOnFullBatchFailure: false });
  };
}

function parseRecord(record: SQSRecord, consumer: string, logger: Logger): AnyEvent {
  try {
    return parseEvent(record.body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.error(
      { consumer, messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, eventSourceARN: record.eventSourceARN, reason },
      'malformed message rejected, it goes to the DLQ after maxReceiveCount',
    );
    throw error;
  }
}
