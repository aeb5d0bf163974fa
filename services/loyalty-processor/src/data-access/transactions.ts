import { Card, Lot, LoyaltyTransaction, Store, type EntityManager } from '@loyalty/db';
import { LockMode } from '@mikro-orm/core';

export function lockTransaction(em: EntityManager, id: string): Promise<LoyaltyTransaction | null> {
  return em.findOne(LoyaltyTransaction, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/** Every balance change on a card happens under this lock, so two of them never interleave. */
export function lockCard(em: EntityManager, id: string): Promise<Card> {
  return em.findOneOrFail(Card, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
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
