import { hashRedemptionCode, newRedemptionCode } from '@loyalty/contracts';
import { AppError } from '@loyalty/platform';
import { CatalogReward, Program, Reward, type Card, type Customer, type EntityManager } from '@loyalty/db';
import { findMyCard } from '../data-access/my-card.js';
import { catalogRefusal, type CatalogRefusal } from '../domain/catalog-eligibility.js';

export const REDEMPTION_CODE_TTL_SECONDS = 5 * 60;

export type RedemptionTarget = { rewardId: string } | { catalogRewardId: string };

/**
 * A one-time code the counter redeems. It reserves nothing: the processor re-checks balance, stock
 * and limits when the code is used, so an unused code never holds points or stock back.
 */
export async function issueRedemptionCode(
  em: EntityManager,
  customer: Customer,
  cardId: string,
  target: RedemptionTarget,
  now = new Date(),
): Promise<{ code: string; expiresAt: Date }> {
  const card = await findMyCard(em, customer, cardId);
  await requireRedeemable(em, card);
  await requireAvailable(em, card, target, now);

  const expiresAt = new Date(now.getTime() + REDEMPTION_CODE_TTL_SECONDS * 1000);
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newRedemptionCode();
    const inserted = await em.execute<{ code_hash: string }[]>(
      `insert into loyalty.redemption_codes (code_hash, business_id, card_id, reward_id, catalog_reward_id, expires_at)
       values (?, ?, ?, ?, ?, ?) on conflict (code_hash) do nothing returning code_hash`,
      [
        hashRedemptionCode(card.businessId, code),
        card.businessId,
        card.id,
        'rewardId' in target ? target.rewardId : null,
        'catalogRewardId' in target ? target.catalogRewardId : null,
        expiresAt,
      ],
    );
    if (inserted.length > 0) return { code, expiresAt };
  }
  throw new AppError({ code: 'CODE_SPACE_EXHAUSTED', status: 503, detail: 'Could not issue a unique code; try again' });
}

async function requireRedeemable(em: EntityManager, card: Card): Promise<void> {
  if (card.status === 'suspended') throw AppError.conflict('CARD_SUSPENDED', 'This card is suspended');
  if (card.status === 'closed') throw AppError.conflict('CARD_CLOSED', 'This card is closed');
  const program = await em.findOneOrFail(Program, { id: card.programId });
  if (program.status === 'ended' || program.status === 'draft') throw AppError.conflict('PROGRAM_NOT_ACTIVE', `The program is ${program.status}`);
}

async function requireAvailable(em: EntityManager, card: Card, target: RedemptionTarget, now: Date): Promise<void> {
  if ('rewardId' in target) {
    const reward = await em.findOne(Reward, { id: target.rewardId, cardId: card.id });
    if (!reward) throw AppError.notFound('Reward');
    if (reward.status !== 'available') throw AppError.conflict('REWARD_NOT_AVAILABLE', `This reward is ${reward.status}`);
    return;
  }
  const reward = await em.findOne(CatalogReward, { id: target.catalogRewardId, programId: card.programId });
  if (!reward) throw AppError.notFound('Catalog reward');
  const alreadyTaken = await em.count(Reward, { cardId: card.id, catalogRewardId: reward.id, status: { $ne: 'cancelled' } });
  const refusal = catalogRefusal(reward, { balance: card.balance, alreadyTaken }, now);
  if (refusal) throw AppError.conflict(refusal, refusalDetail[refusal]);
}

const refusalDetail: Record<CatalogRefusal, string> = {
  REWARD_NOT_AVAILABLE: 'This reward is not on offer right now',
  OUT_OF_STOCK: 'This reward is out of stock',
  REWARD_LIMIT_REACHED: 'You have already had this reward as often as allowed',
  INSUFFICIENT_BALANCE: 'Your balance does not cover this reward yet',
};
