import { Card, LoyaltyTransaction, Lot, Reward, type Customer, type EntityManager } from '@loyalty/db';

export interface MyData {
  exportedAt: Date;
  profile: Customer;
  cards: Card[];
  transactions: LoyaltyTransaction[];
  rewards: Reward[];
  lots: Lot[];
}

/** Everything held about me, in full: the right of access is not paginated. */
export async function exportMyData(em: EntityManager, customer: Customer): Promise<MyData> {
  const cards = await em.find(Card, { customerId: customer.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const cardIds = cards.map((card) => card.id);
  const [transactions, rewards, lots] = await Promise.all([
    em.find(LoyaltyTransaction, { cardId: { $in: cardIds } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    em.find(Reward, { cardId: { $in: cardIds } }, { orderBy: { unlockedAt: 'asc', id: 'asc' } }),
    em.find(Lot, { cardId: { $in: cardIds } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
  ]);
  return { exportedAt: new Date(), profile: customer, cards, transactions, rewards, lots };
}
