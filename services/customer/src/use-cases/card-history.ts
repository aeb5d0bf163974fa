import { z } from 'zod';
import { decodeCursor, toPage, type Page } from '@loyalty/platform';
import type { Customer, EntityManager } from '@loyalty/db';
import { timelineOf, type HistoryEntry } from '@loyalty/tables';
import { findMyCard } from '../data-access/my-card.js';
import { transactionHistory, type HistoryTable } from '../data-access/transaction-history.js';

const beforeEntry = z.object({ before: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z#[0-9a-f-]{36}$/) });

/**
 * The card's history from the transaction-history table, which the history writer keeps as a
 * projection of Postgres (seconds behind it at most). Whose card it is, Postgres says.
 */
export async function cardHistory(
  em: EntityManager,
  table: HistoryTable,
  customer: Customer,
  cardId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<HistoryEntry>> {
  const card = await findMyCard(em, customer, cardId);
  const before = decodeCursor(page.cursor, beforeEntry);
  const entries = await transactionHistory(table, card.id, before?.before, page.limit + 1);
  return toPage(entries, page.limit, (last) => ({ before: timelineOf(last.occurredAt, last.transactionId) }));
}
