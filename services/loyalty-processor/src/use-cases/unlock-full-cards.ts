import { Customer, Reward, type StampRules } from '@loyalty/db';
import { uuidv7 } from '@loyalty/outbox';
import { fullCards } from '../domain/stamp-card.js';
import type { Application } from './application.js';

/** Every full card's stamps are converted (oldest first) into a reward; stamps beyond it carry over. */
export async function unlockFullCards(app: Application, rules: StampRules): Promise<number> {
  const { em, card, now, transaction, program } = app;
  const unlocked = fullCards(app.book.available(), rules.stampsRequired);
  if (unlocked === 0) return 0;
  const customer = await em.findOneOrFail(Customer, { id: card.customerId });
  for (let i = 0; i < unlocked; i++) {
    app.book.debit(rules.stampsRequired, 'convert');
    card.completedCards += 1;
    const reward = em.create(Reward, {
      id: uuidv7(now.getTime()),
      businessId: card.businessId,
      cardId: card.id,
      programId: card.programId,
      transactionId: transaction.id,
      description: rules.rewardDescription,
      cardNumberCompleted: card.completedCards,
      status: 'available',
      unlockedAt: now,
    });
    app.events.push({
      type: 'reward.unlocked',
      businessId: card.businessId,
      aggregateId: card.id,
      payload: {
        rewardId: reward.id,
        cardId: card.id,
        programId: card.programId,
        programName: program.entity.name,
        rewardDescription: rules.rewardDescription,
        customer: { id: customer.id, email: customer.email ?? null, displayName: customer.displayName },
        stampsRequired: rules.stampsRequired,
        unlockedAt: now.toISOString(),
      },
    });
  }
  return unlocked;
}
