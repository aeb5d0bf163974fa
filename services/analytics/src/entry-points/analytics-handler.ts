import { inboxBatchHandler, type SqsBatchHandler } from '@loyalty/consumers';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { addMetrics, type MetricsTally } from '../data-access/aggregates.js';
import { countEvent } from '../use-cases/count-event.js';

/**
 * The analytics queue's handler: each settled transaction, enrolment and expiry counted once with its
 * inbox row. A batch is counted in one transaction that adds to each (store, day) row once, so the
 * row every visit of a store's day updates is locked once a batch rather than once an event.
 */
export function analyticsHandler(orm: MikroORM, logger: Logger): SqsBatchHandler {
  return inboxBatchHandler<MetricsTally>({
    orm,
    consumer: 'analytics',
    logger,
    begin: () => [],
    apply: (em, event, tally) => countEvent(em, logger, event, tally),
    finish: addMetrics,
  });
}
