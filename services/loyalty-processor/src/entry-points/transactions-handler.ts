import { inboxHandler, type SqsBatchHandler } from '@loyalty/consumers';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { applyVisit } from '../use-cases/apply-visit.js';

/** The transactions queue's handler: each recorded transaction is applied once, whatever the redeliveries. */
export function transactionsHandler(orm: MikroORM, logger: Logger): SqsBatchHandler {
  return inboxHandler({
    orm,
    consumer: 'loyalty-processor',
    logger,
    apply: async (em, event) => {
      if (event.type === 'transaction.recorded') return applyVisit(em, event.payload);
      logger.warn({ eventType: event.type }, 'event type not handled here; check the subscription filter');
    },
  });
}
