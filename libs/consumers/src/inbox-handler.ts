import type { AnyEvent } from '@loyalty/contracts';
import type { EntityManager, MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { recordFailuresIn } from './consumer-failures.js';
import { handleOnce } from './handle-once.js';
import { sqsEventHandler, type SqsBatchHandler } from './sqs-event-handler.js';

export interface InboxHandlerOptions {
  orm: MikroORM;
  consumer: string;
  logger: Logger;
  apply: (em: EntityManager, event: AnyEvent) => Promise<void>;
}

/**
 * An SQS handler for a processor whose effects live in Postgres: each event applied once, with its
 * inbox row, and the reason of every failure kept in messaging.consumer_failures.
 */
export function inboxHandler({ orm, consumer, logger, apply }: InboxHandlerOptions): SqsBatchHandler {
  return sqsEventHandler({
    consumer,
    logger,
    recordFailure: recordFailuresIn(orm),
    handle: async (event) => {
      await handleOnce(orm.em.fork(), { consumer, event, logger }, (em) => apply(em, event));
    },
  });
}
