import type { CatalogReward } from '@loyalty/db/model';

export type CatalogRefusal = 'REWARD_NOT_AVAILABLE' | 'OUT_OF_STOCK' | 'REWARD_LIMIT_REACHED' | 'INSUFFICIENT_BALANCE';

export interface CatalogStanding {
  balance: number;
  /** Rewards of this catalog entry the customer already holds or redeemed (cancelled ones excluded). */
  alreadyTaken: number;
}

/** The same checks, in the same order, as the processor applies when the reward is redeemed. */
export function catalogRefusal(reward: CatalogReward, standing: CatalogStanding, now: Date): CatalogRefusal | null {
  if (!isOnOffer(reward, now)) return 'REWARD_NOT_AVAILABLE';
  if (reward.stock !== null && reward.stock !== undefined && reward.stock <= 0) return 'OUT_OF_STOCK';
  if (reward.perCustomerLimit && standing.alreadyTaken >= reward.perCustomerLimit) return 'REWARD_LIMIT_REACHED';
  if (standing.balance < reward.cost) return 'INSUFFICIENT_BALANCE';
  return null;
}

export function isOnOffer(reward: CatalogReward, now: Date): boolean {
  if (reward.status !== 'active') return false;
  if (reward.validFrom && reward.validFrom > now) return false;
  return !(reward.validUntil && reward.validUntil < now);
}

/** The cheapest reward the customer cannot afford yet but could once they collect enough. */
export function nextCatalogGoal(rewards: CatalogReward[], standing: (reward: CatalogReward) => CatalogStanding, now: Date): CatalogReward | null {
  const reachable = rewards.filter((reward) => catalogRefusal(reward, standing(reward), now) === 'INSUFFICIENT_BALANCE');
  return reachable.sort((a, b) => a.cost - b.cost || a.id.localeCompare(b.id))[0] ?? null;
}
