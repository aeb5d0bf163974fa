import { z } from 'zod';
import { decodeCursor, toPage, type Page } from '@loyalty/platform';
import { Card, type Customer, type EntityManager } from '@loyalty/db';
import { findMyCard } from '../data-access/my-card.js';
import type { CardSummary } from '../domain/card-summary.js';
import { summariseCards } from './card-summaries.js';

const afterCard = z.object({ id: z.uuid() });

/** Oldest card first; the cursor names the last card seen, so pages stay stable as new cards arrive. */
export async function myCards(em: EntityManager, customer: Customer, page: { limit: number; cursor?: string }): Promise<Page<CardSummary>> {
  const after = decodeCursor(page.cursor, afterCard);
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from loyalty.cards c
      where c.customer_id = ?
        and (?::uuid is null or (c.created_at, c.id) > (select created_at, id from loyalty.cards where id = ? and customer_id = ?))
      order by c.created_at, c.id limit ?`,
    [customer.id, after?.id ?? null, after?.id ?? null, customer.id, page.limit + 1],
  );
  const cards = toPage(
    rows.map((row) => em.map(Card, row)),
    page.limit,
    (last) => ({ id: last.id }),
  );
  return { items: await summariseCards(em, cards.items), nextCursor: cards.nextCursor };
}

export async function myCard(em: EntityManager, customer: Customer, cardId: string): Promise<CardSummary> {
  const [summary] = await summariseCards(em, [await findMyCard(em, customer, cardId)]);
  return summary!;
}
