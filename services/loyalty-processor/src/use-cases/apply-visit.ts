import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@loyalty/contracts';
import { Card, Customer, LedgerEntry, LoyaltyTransaction, Program, Reward, type EntityManager } from '@loyalty/db';
import { writeEvent } from '@loyalty/outbox';
import { LockMode } from '@mikro-orm/core';
import { addStamps } from '../domain/stamp-card.js';

/**
 * The one writer of card balances. Runs inside the inbox transaction: the card row is locked so
 * concurrent visits to one card serialise, the ledger gets its movements, the cached balance is set
 * to what they add up to, and each unlocked reward's event goes to the outbox in the same commit.
 */
export async function applyVisit(em: EntityManager, event: EventPayload<'transaction.recorded'>): Promise<void> {
  const transaction = await em.findOneOrFail(LoyaltyTransaction, { id: event.transactionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (transaction.status === 'applied') return;
  const card = await em.findOneOrFail(Card, { id: transaction.cardId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const program = await em.findOneOrFail(Program, { id: card.programId });

  const outcome = addStamps(card.stamps, 1, program.stampsRequired);
  for (const movement of outcome.movements) {
    em.create(LedgerEntry, { id: randomUUID(), businessId: card.businessId, cardId: card.id, transactionId: transaction.id, kind: movement.kind, stamps: movement.stamps });
  }
  card.stamps = outcome.stampsAfter;
  card.rewardsEarned += outcome.rewardsUnlocked;
  transaction.status = 'applied';
  transaction.appliedAt = new Date();
  transaction.result = { stamps: outcome.stampsAfter, stampsRequired: program.stampsRequired, rewardsUnlocked: outcome.rewardsUnlocked };

  if (outcome.rewardsUnlocked > 0) {
    const customer = await em.findOneOrFail(Customer, { id: card.customerId });
    for (let i = 0; i < outcome.rewardsUnlocked; i++) {
      const reward = em.create(Reward, { id: randomUUID(), businessId: card.businessId, cardId: card.id, programId: program.id, transactionId: transaction.id, status: 'available' });
      await writeEvent(em, {
        type: 'reward.unlocked',
        businessId: card.businessId,
        aggregateId: card.id,
        payload: {
          rewardId: reward.id,
          cardId: card.id,
          programId: program.id,
          programName: program.name,
          rewardDescription: program.rewardDescription,
          customer: { id: customer.id, email: customer.email, displayName: customer.displayName },
          stampsRequired: program.stampsRequired,
          unlockedAt: new Date().toISOString(),
        },
      });
    }
  }
  await em.flush();
}
