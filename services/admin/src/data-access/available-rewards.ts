import { Reward, type Card, type EntityManager } from '@loyalty/db';

export interface AvailableReward {
  type: 'stamp' | 'catalog';
  rewardId: string | null;
  catalogRewardId: string | null;
  name: string;
  description: string;
  cost: number;
}

/** Unlocked stamp rewards of the card, then catalog rewards the card can pay for right now (window, stock, per-customer limit). */
export async function availableRewards(em: EntityManager, card: Card): Promise<AvailableReward[]> {
  const unlocked = await em.find(Reward, { cardId: card.id, status: 'available', catalogRewardId: null }, { orderBy: { unlockedAt: 'asc' } });
  const catalog = await em.execute<{ id: string; name: string; description: string; cost: number }[]>(
    `select cr.id, cr.name, cr.description, cr.cost
       from loyalty.catalog_rewards cr
      where cr.program_id = ? and cr.status = 'active' and cr.cost <= ?
        and (cr.valid_from is null or cr.valid_from <= now())
        and (cr.valid_until is null or cr.valid_until > now())
        and (cr.stock is null or cr.stock > 0)
        and (cr.per_customer_limit is null or cr.per_customer_limit > (
              select count(*) from loyalty.rewards r join loyalty.cards c on c.id = r.card_id
               where r.catalog_reward_id = cr.id and c.customer_id = ? and r.status = 'redeemed'))
      order by cr.cost, cr.name`,
    [card.programId, card.balance, card.customerId],
  );
  return [
    ...unlocked.map((reward) => ({
      type: 'stamp' as const,
      rewardId: reward.id,
      catalogRewardId: null,
      name: reward.description,
      description: reward.description,
      cost: 0,
    })),
    ...catalog.map((reward) => ({
      type: 'catalog' as const,
      rewardId: null,
      catalogRewardId: reward.id,
      name: reward.name,
      description: reward.description,
      cost: Number(reward.cost),
    })),
  ];
}
