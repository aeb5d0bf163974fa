import { CatalogReward, Reward, type LoyaltyTransaction } from '@loyalty/db';
import { LockMode } from '@mikro-orm/core';
import { spentBy } from '../data-access/ledger-queries.js';
import { lotIdsOf } from '../data-access/transactions.js';
import type { Application, Effect } from './application.js';
import { clawedBackBy, earnedBy, findOriginal } from './find-original.js';

export async function applyVoid(app: Application): Promise<Effect> {
  const { original, earlierRefunds } = await findOriginal(app, ['visit', 'purchase', 'bonus', 'redemption']);
  return original.kind === 'redemption' ? voidRedemption(app, original) : voidEarning(app, original, clawedBackBy(earlierRefunds));
}

/** Takes back what the transaction earned (less what refunds already took), from its own lot first. */
async function voidEarning(app: Application, original: LoyaltyTransaction, alreadyTakenBack: number): Promise<Effect> {
  const toTake = Math.max(0, earnedBy(original) - alreadyTakenBack);
  const { taken, shortfall } = app.book.debit(toTake, 'reverse_earn', await lotIdsOf(app.em, original.id));
  return { reversed: taken, unrecovered: shortfall, reversesTransactionId: original.id };
}

/** Gives the spent amount back into exactly the lots it came from; the reward goes back on the shelf. */
async function voidRedemption(app: Application, original: LoyaltyTransaction): Promise<Effect> {
  const { em } = app;
  const restored = await app.book.restore(await spentBy(em, original.id));
  const reward = await em.findOne(Reward, { redeemedByTransactionId: original.id, cardId: app.card.id });
  if (reward?.catalogRewardId) {
    reward.status = 'cancelled';
    const offer = await em.findOneOrFail(CatalogReward, { id: reward.catalogRewardId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (offer.stock !== null && offer.stock !== undefined) offer.stock += 1;
  } else if (reward) {
    reward.status = 'available';
    reward.redeemedAt = null;
    reward.redeemedByTransactionId = null;
  }
  return { restored, rewardId: reward?.id ?? null, reversesTransactionId: original.id };
}
