import { CatalogReward, Reward } from '@loyalty/db';
import { LockMode } from '@mikro-orm/core';
import { uuidv7 } from '@loyalty/outbox';
import { checkCatalogRedemption } from '../domain/catalog-redemption.js';
import { reject } from '../domain/rejection.js';
import { parseDetails, redemptionDetails } from '../domain/transaction-details.js';
import type { Application, Effect } from './application.js';

export function applyRedemption(app: Application): Promise<Effect> {
  const details = parseDetails(redemptionDetails, app.transaction.details);
  return 'catalogRewardId' in details ? redeemCatalogReward(app, details.catalogRewardId) : redeemUnlockedReward(app, details.rewardId);
}

async function redeemCatalogReward(app: Application, catalogRewardId: string): Promise<Effect> {
  const { em, card, now, transaction } = app;
  // Locked too: stock is shared by every card of the program.
  const offer = await em.findOne(CatalogReward, { id: catalogRewardId, programId: card.programId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!offer) return reject('REWARD_NOT_AVAILABLE', "this reward is not offered by the card's program");
  const alreadyRedeemed = await em.count(Reward, { cardId: card.id, catalogRewardId, status: 'redeemed' });
  checkCatalogRedemption(
    {
      ...offer,
      validFrom: offer.validFrom ?? null,
      validUntil: offer.validUntil ?? null,
      stock: offer.stock ?? null,
      perCustomerLimit: offer.perCustomerLimit ?? null,
    },
    { balance: app.book.available(), alreadyRedeemed },
    now,
  );

  app.book.debit(offer.cost, 'spend');
  if (offer.stock !== null && offer.stock !== undefined) offer.stock -= 1;
  const reward = em.create(Reward, {
    id: uuidv7(now.getTime()),
    businessId: card.businessId,
    cardId: card.id,
    programId: card.programId,
    transactionId: transaction.id,
    catalogRewardId,
    description: offer.name,
    status: 'redeemed',
    unlockedAt: now,
    redeemedAt: now,
    redeemedByTransactionId: transaction.id,
  });
  announceRedeemed(app, reward.id);
  return { spent: offer.cost, rewardId: reward.id, catalogRewardId };
}

async function redeemUnlockedReward(app: Application, rewardId: string): Promise<Effect> {
  const reward = await app.em.findOne(Reward, { id: rewardId, cardId: app.card.id });
  if (reward?.status !== 'available') return reject('REWARD_NOT_AVAILABLE', reward ? `the reward is ${reward.status}` : 'no such reward on this card');
  reward.status = 'redeemed';
  reward.redeemedAt = app.now;
  reward.redeemedByTransactionId = app.transaction.id;
  announceRedeemed(app, reward.id);
  return { spent: 0, rewardId };
}

function announceRedeemed({ events, card, transaction, now }: Application, rewardId: string): void {
  events.push({
    type: 'reward.redeemed',
    businessId: card.businessId,
    aggregateId: card.id,
    payload: { rewardId, cardId: card.id, programId: card.programId, transactionId: transaction.id, redeemedAt: now.toISOString() },
  });
}
