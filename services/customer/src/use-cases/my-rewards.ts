import { z } from 'zod';
import { decodeCursor, toPage, type Page } from '@loyalty/platform';
import { Card, type Customer, type EntityManager } from '@loyalty/db';
import type { AvailableReward } from '../domain/card-summary.js';
import { summariseCards } from './card-summaries.js';

const afterReward = z.object({ key: z.string().max(200) });

/**
 * Unlocked rewards first (oldest first), then catalog rewards I can afford now (cheapest first).
 * Affordability is computed, not stored, so the cursor is the last item's sort key.
 */
export async function myRewards(em: EntityManager, customer: Customer, page: { limit: number; cursor?: string }): Promise<Page<AvailableReward>> {
  const after = decodeCursor(page.cursor, afterReward);
  const cards = await em.find(Card, { customerId: customer.id, status: 'active' });
  const rewards = (await summariseCards(em, cards))
    .flatMap((summary) => summary.availableRewards)
    .map((reward) => ({ reward, key: sortKey(reward) }))
    .filter(({ key }) => after === undefined || key > after.key)
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const result = toPage(rewards, page.limit, (last) => ({ key: last.key }));
  return { items: result.items.map(({ reward }) => reward), nextCursor: result.nextCursor };
}

function sortKey(reward: AvailableReward): string {
  return reward.type === 'unlocked'
    ? `0:${reward.unlockedAt.toISOString()}:${reward.rewardId}`
    : `1:${String(reward.cost).padStart(10, '0')}:${reward.catalogRewardId}`;
}
