import { z } from 'zod';
import { decodeCursor, toPage, type Page } from '@loyalty/platform';
import type { Customer, EntityManager } from '@loyalty/db';
import { findMyCard } from '../data-access/my-card.js';
import { transactionHistory, type HistoryRow } from '../data-access/transaction-history.js';

const beforeTransaction = z.object({ id: z.uuid() });

export async function cardHistory(em: EntityManager, customer: Customer, cardId: string, page: { limit: number; cursor?: string }): Promise<Page<HistoryRow>> {
  const card = await findMyCard(em, customer, cardId);
  const before = decodeCursor(page.cursor, beforeTransaction);
  const rows = await transactionHistory(em, card.id, before?.id ?? null, page.limit + 1);
  return toPage(rows, page.limit, (last) => ({ id: last.id }));
}
