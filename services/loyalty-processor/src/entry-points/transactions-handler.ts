import { inboxHandler, type SqsBatchHandler } from '@loyalty/consumers';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { applyTransaction } from '../use-cases/apply-transaction.js';
import { grantEnrolmentBonus } from '../use-cases/grant-enrolment-bonus.js';

/** The transactions queue's handler: each recorded transaction and each enrolment is applied once, whatever the redeliveries. */
export function transactionsHandler(orm: MikroORM, logger: Logger): SqsBatchHandler {
  return inboxHandler({
    orm,
    consumer: 'loyalty-processor',
    logger,
    apply: async (em, event) => {
      if (event.type === 'transaction.recorded') return applyTransaction(em, event.payload.transactionId);
      if (event.type === 'card.enrolled') return grantEnrolmentBonus(em, event.payload);
      logger.warn({ eventType: event.type }, 'event type not handled here; check the subscription filter');
    },
  });
}
