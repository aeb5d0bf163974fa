import { inboxBatchHandler, type SqsBatchHandler } from '@loyalty/consumers';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { addMetrics } from '../data-access/aggregates.js';
import { countEvent, prepareCount, type CountBatch } from '../use-cases/count-event.js';

/**
 * The analytics queue's handler: each settled transaction, enrolment and expiry counted once with its
 * inbox row. A batch is counted in one transaction that reads its facts and claims them at once and
 * adds to each (store, day) row once, so the row every visit of a store's day updates is locked once
 * a batch rather than once an event.
 */
export function analyticsHandler(orm: MikroORM, logger: Logger): SqsBatchHandler {
  return inboxBatchHandler<CountBatch>({
    orm,
    consumer: 'analytics',
    logger,
    begin: prepareCount,
    apply: (em, event, batch) => countEvent(em, logger, event, batch),
    finish: (em, batch) => addMetrics(em, batch.tally),
  });
}
