import { inboxHandler, type SqsBatchHandler } from '@loyalty/consumers';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { countEvent } from '../use-cases/count-event.js';

/** The analytics queue's handler: each settled transaction, enrolment and expiry counted once with its inbox row. */
export function analyticsHandler(orm: MikroORM, logger: Logger): SqsBatchHandler {
  return inboxHandler({ orm, consumer: 'analytics', logger, apply: (em, event) => countEvent(em, logger, event) });
}
