import { z } from 'zod';
import { AppError, decodeCursor, toPage, type Page } from '@loyalty/platform';
import { Card, type EntityManager, type LoyaltyTransaction } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { requireStaff } from '../data-access/staff-access.js';
import { cardTransactionsPage } from '../data-access/card-transactions.js';

const position = z.object({ createdAt: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), id: z.uuid() });

/** A card's transactions, newest first, for staff answering "where did my points go?". */
export async function cardHistory(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  cardId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<LoyaltyTransaction>> {
  await requireStaff(em, principal, businessId, 'readTransactions');
  const card = await em.findOne(Card, { id: cardId, businessId });
  if (!card) throw AppError.notFound('Card');
  const rows = await cardTransactionsPage(em, card.id, page.limit + 1, decodeCursor(page.cursor, position));
  const { items, nextCursor } = toPage(rows, page.limit, (last) => last.position);
  return { items: items.map((row) => row.transaction), nextCursor };
}
