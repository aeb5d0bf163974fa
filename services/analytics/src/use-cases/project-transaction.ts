import type { EntityManager } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { putHistoryEntry } from '@loyalty/tables';
import { loadHistoryEntry } from '../data-access/history-source.js';
import type { HistoryTable } from '../data-access/history-table.js';

/**
 * Writes the transaction's row, as Postgres holds it now, to the history table. Whichever event
 * brought us here, the item is the row's current state; the conditional put keeps a slower writer
 * that read the row while still pending from replacing what a faster one wrote once it settled.
 */
export async function projectTransaction(em: EntityManager, table: HistoryTable, logger: Logger, transactionId: string): Promise<void> {
  const entry = await loadHistoryEntry(em, transactionId);
  if (!entry) {
    logger.warn({ transactionId }, 'transaction not found; no history written');
    return;
  }
  const outcome = await putHistoryEntry(table.client, table.name, entry);
  logger.debug({ transactionId, status: entry.status, outcome }, 'history item projected');
}
