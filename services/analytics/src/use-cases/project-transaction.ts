import type { Logger } from '@loyalty/platform';
import { putHistoryEntry } from '@loyalty/tables';
import type { HistoryEntryLoader } from '../data-access/history-entry-loader.js';
import type { HistoryTable } from '../data-access/history-table.js';

/**
 * Writes the transaction's row, as Postgres holds it now, to the history table. Whichever event
 * brought us here, the item is the row's current state; the conditional put keeps a slower writer
 * that read the row while still pending from replacing what a faster one wrote once it settled.
 * A `transaction.recorded` that finds the row settled writes nothing: the `transaction.settled`
 * committed with that status is on its way and writes the same item.
 */
export async function projectTransaction(
  load: HistoryEntryLoader,
  table: HistoryTable,
  logger: Logger,
  transactionId: string,
  cause: 'recorded' | 'settled',
): Promise<void> {
  const entry = await load(transactionId);
  if (!entry) {
    logger.warn({ transactionId }, 'transaction not found; no history written');
    return;
  }
  if (cause === 'recorded' && entry.status !== 'pending') {
    logger.debug({ transactionId, status: entry.status }, 'already settled; the settled event writes the item');
    return;
  }
  const outcome = await putHistoryEntry(table.client, table.name, entry);
  logger.debug({ transactionId, status: entry.status, outcome }, 'history item projected');
}
