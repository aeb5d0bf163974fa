import { hashRedemptionCode } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';

export type CodeTarget = { rewardId: string } | { catalogRewardId: string };

/**
 * Marks the code used if it is this card's, unused and unexpired, in one statement, so two
 * counters racing with the same code cannot both have it. Runs inside the recording transaction:
 * if recording fails, the code is still usable.
 */
export async function useRedemptionCode(em: EntityManager, businessId: string, cardId: string, code: string): Promise<CodeTarget | undefined> {
  const [row] = await em.execute<{ reward_id: string | null; catalog_reward_id: string | null }[]>(
    `update loyalty.redemption_codes set used_at = now()
      where code_hash = ? and business_id = ? and card_id = ? and used_at is null and expires_at > now()
      returning reward_id, catalog_reward_id`,
    [hashRedemptionCode(businessId, code), businessId, cardId],
  );
  if (!row) return undefined;
  return row.reward_id !== null ? { rewardId: row.reward_id } : { catalogRewardId: row.catalog_reward_id! };
}
