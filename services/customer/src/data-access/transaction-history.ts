import { cardHistoryPage, type DynamoDBDocumentClient, type HistoryEntry } from '@loyalty/tables';

/** The transaction-history table the customer's history is read from (written by the history writer). */
export interface HistoryTable {
  client: DynamoDBDocumentClient;
  name: string;
}

/** Newest first; `beforeTimeline` is the timeline of the last entry of the previous page. */
export async function transactionHistory(table: HistoryTable, cardId: string, beforeTimeline: string | undefined, limit: number): Promise<HistoryEntry[]> {
  return cardHistoryPage(table.client, table.name, cardId, beforeTimeline, limit);
}
