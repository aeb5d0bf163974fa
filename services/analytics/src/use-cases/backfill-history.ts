import type { EntityManager } from '@loyalty/db';
import { batchPut, putHistoryEntry, toHistoryItem } from '@loyalty/tables';
import { historyEntriesPage } from '../data-access/history-source.js';
import type { HistoryTable } from '../data-access/history-table.js';

export interface BackfillResult {
  settled: number;
  pending: number;
}

/**
 * Rewrites the history table from Postgres, page by page in id order, so memory stays flat however
 * many transactions there are. Settled rows are final, so they go in unconditional batches; a pending
 * row goes through the writer's conditional put, so that it cannot replace the settled item the
 * writer may have written since the page was read. Running it again writes the same items: it is
 * safe to repeat and to run while the writer runs.
 */
export async function backfillHistory(
  em: EntityManager,
  table: HistoryTable,
  options: { businessIds?: readonly string[]; pageSize?: number } = {},
): Promise<BackfillResult> {
  const result: BackfillResult = { settled: 0, pending: 0 };
  let afterId: string | null = null;
  for (;;) {
    const page = await historyEntriesPage(em, options.businessIds ?? null, afterId, options.pageSize ?? 500);
    if (page.length === 0) return result;
    const settled = page.filter((entry) => entry.status !== 'pending');
    await batchPut(
      table.client,
      table.name,
      settled.map((entry) => ({ ...toHistoryItem(entry) })),
    );
    for (const entry of page.filter((candidate) => candidate.status === 'pending')) await putHistoryEntry(table.client, table.name, entry);
    result.settled += settled.length;
    result.pending += page.length - settled.length;
    afterId = page.at(-1)!.transactionId;
  }
}
