import type { EventType } from '@loyalty/contracts';
import type { Card, EntityManager, LoyaltyTransaction, TransactionRejection, TransactionResult } from '@loyalty/db';
import { writeEvent, type NewEvent } from '@loyalty/outbox';

export type Settlement = { status: 'applied'; result: TransactionResult } | { status: 'rejected'; rejection: TransactionRejection };

/**
 * Marks the transaction settled and writes its events in the same commit. The status change fires
 * the `transaction_settled` NOTIFY that a waiting API request listens for.
 */
export async function settleTransaction(
  em: EntityManager,
  transaction: LoyaltyTransaction,
  card: Card,
  settlement: Settlement,
  events: readonly NewEvent<EventType>[],
  now: Date,
): Promise<void> {
  transaction.status = settlement.status;
  transaction.appliedAt = now;
  if (settlement.status === 'applied') transaction.result = settlement.result;
  else transaction.rejection = settlement.rejection;
  for (const event of events) await writeEvent(em, event);
  await writeEvent(em, {
    type: 'transaction.settled',
    businessId: transaction.businessId,
    aggregateId: transaction.id,
    payload: {
      transactionId: transaction.id,
      cardId: card.id,
      programId: card.programId,
      customerId: card.customerId,
      kind: transaction.kind,
      status: settlement.status,
      delta: settlement.status === 'applied' ? settlement.result.delta : 0,
      balanceAfter: card.balance,
      rejectionCode: settlement.status === 'rejected' ? settlement.rejection.code : null,
      settledAt: now.toISOString(),
    },
  });
  await em.flush();
}
