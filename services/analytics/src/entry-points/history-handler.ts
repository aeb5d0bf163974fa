import { recordFailuresIn, sqsEventHandler, type SqsBatchHandler } from '@loyalty/consumers';
import type { MikroORM } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { historyEntryLoader } from '../data-access/history-entry-loader.js';
import type { HistoryTable } from '../data-access/history-table.js';
import { projectTransaction } from '../use-cases/project-transaction.js';

/**
 * The history queue's handler. It writes only DynamoDB, so it needs no inbox: each write is a
 * projection of the row, the same whatever the number of deliveries, and never an older stage.
 */
export function historyHandler(orm: MikroORM, table: HistoryTable, logger: Logger): SqsBatchHandler {
  const load = historyEntryLoader(orm);
  return sqsEventHandler({
    consumer: 'history-writer',
    logger,
    recordFailure: recordFailuresIn(orm),
    handle: async (event) => {
      if (event.type === 'transaction.recorded') await projectTransaction(load, table, logger, event.payload.transactionId, 'recorded');
      if (event.type === 'transaction.settled') await projectTransaction(load, table, logger, event.payload.transactionId, 'settled');
    },
  });
}
