import { withLogContext, type Logger } from '@loyalty/platform';
import type { OutboxRow } from './outbox-row.js';
import type { RecordedOutcomes } from './commit-outcomes.js';

function inRowContext(row: OutboxRow, log: () => void) {
  withLogContext(
    { correlationId: row.headers.correlationId, causationId: row.headers.causationId ?? undefined, eventId: row.id, eventType: row.envelope.type },
    log,
  );
}

export function logOutcomes(logger: Logger, { published, failed, deferred }: RecordedOutcomes): void {
  for (const row of published) inRowContext(row, () => logger.debug({ topic: row.topic }, 'event published'));
  for (const { row, error, parked, retryInMs } of failed) {
    inRowContext(row, () => {
      if (parked) logger.error({ topic: row.topic, attempts: row.attempts + 1, error }, 'event parked after repeated failures');
      else logger.warn({ topic: row.topic, attempts: row.attempts + 1, error, retryInMs: Math.round(retryInMs) }, 'event publish failed; will retry');
    });
  }
  if (deferred.length > 0) logger.warn({ rows: deferred.length }, 'SNS unavailable; rows stay due');
}
