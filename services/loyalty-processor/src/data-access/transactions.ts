import { Card, Lot, LoyaltyTransaction, Store, type EntityManager } from '@loyalty/db';
import { LockMode } from '@mikro-orm/core';

export function lockTransaction(em: EntityManager, id: string): Promise<LoyaltyTransaction | null> {
  return em.findOne(LoyaltyTransaction, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/**
 * Every balance change on a card happens under this lock, so two of them never interleave. FOR NO KEY
 * UPDATE, not FOR UPDATE: the counter's insert of a transaction takes its foreign key's KEY SHARE lock on
 * the card, which only FOR UPDATE blocks, so a slow or stuck apply never holds up the counter.
 */
export async function lockCard(em: EntityManager, id: string): Promise<Card> {
  await em.execute('select 1 from loyalty.cards where id = ? for no key update', [id]);
  return em.findOneOrFail(Card, { id }, { refresh: true });
}

export function appliedReversalsOf(em: EntityManager, originalId: string): Promise<LoyaltyTransaction[]> {
  return em.find(LoyaltyTransaction, { reversesTransactionId: originalId, status: 'applied' });
}

export async function lotIdsOf(em: EntityManager, transactionId: string): Promise<string[]> {
  const lots = await em.find(Lot, { transactionId }, { fields: ['id'] });
  return lots.map((lot) => lot.id);
}

export async function storeTimeZone(em: EntityManager, storeId: string | null | undefined): Promise<string> {
  if (!storeId) return 'UTC';
  const store = await em.findOne(Store, { id: storeId });
  return store?.timeZone ?? 'UTC';
}
