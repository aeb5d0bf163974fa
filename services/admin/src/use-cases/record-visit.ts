import { randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { Card, LoyaltyTransaction, Store, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { writeEvent } from '@loyalty/outbox';
import { requireStaff } from '../data-access/staff-access.js';

export interface VisitInput {
  cardId: string;
  storeId: string;
  posTransactionId: string;
}

export interface RecordedVisit {
  transaction: LoyaltyTransaction;
  replayed: boolean;
}

/**
 * Records a visit as a pending transaction and its `transaction.recorded` event in one commit; the
 * loyalty processor applies it. Idempotent per business + POS transaction id: a replay returns the
 * original, and the same id reused for another card or store is a conflict, never a second visit.
 */
export async function recordVisit(em: EntityManager, principal: Principal, businessId: string, input: VisitInput): Promise<RecordedVisit> {
  await requireStaff(em, principal, businessId, 'recordTransactions');
  const card = await em.findOne(Card, { id: input.cardId, businessId });
  if (!card) throw AppError.notFound('Card');
  const store = await em.findOne(Store, { id: input.storeId, businessId });
  if (!store) throw AppError.notFound('Store');

  return em.transactional(async (tx) => {
    const id = randomUUID();
    const inserted = await tx.execute<{ id: string }[]>(
      `insert into loyalty.transactions (id, business_id, card_id, store_id, kind, pos_transaction_id, status, recorded_by)
       values (?, ?, ?, ?, 'visit', ?, 'pending', ?)
       on conflict (business_id, pos_transaction_id) do nothing
       returning id`,
      [id, businessId, card.id, store.id, input.posTransactionId, principal.sub],
    );
    if (inserted.length === 0) {
      const original = await tx.findOneOrFail(LoyaltyTransaction, { businessId, posTransactionId: input.posTransactionId });
      if (original.cardId !== card.id || original.storeId !== store.id) {
        throw AppError.conflict('IDEMPOTENCY_KEY_REUSED', `POS transaction ${input.posTransactionId} was already recorded for another card or store`);
      }
      return { transaction: original, replayed: true };
    }
    const transaction = await tx.findOneOrFail(LoyaltyTransaction, { id });
    await writeEvent(tx, {
      type: 'transaction.recorded',
      businessId,
      aggregateId: id,
      payload: {
        transactionId: id,
        cardId: card.id,
        programId: card.programId,
        storeId: store.id,
        kind: 'visit',
        posTransactionId: input.posTransactionId,
        recordedAt: transaction.createdAt.toISOString(),
      },
    });
    return { transaction, replayed: false };
  });
}
