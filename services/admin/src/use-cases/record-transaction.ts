import { AppError } from '@loyalty/platform';
import { LoyaltyTransaction, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { writeEvent } from '@loyalty/outbox';
import { requireStaff } from '../data-access/staff-access.js';
import { insertPendingTransaction } from '../data-access/pending-transactions.js';
import { useRedemptionCode } from '../data-access/redemption-codes.js';
import { requestFingerprint } from '../domain/request-fingerprint.js';
import type { TransactionRequest } from '../domain/transaction-request.js';
import { resolveTransaction } from './resolve-transaction.js';

export interface RecordedTransaction {
  transaction: LoyaltyTransaction;
  replayed: boolean;
}

/**
 * Records any counter transaction as a pending row and its `transaction.recorded` event in one
 * commit; the loyalty processor settles it. Idempotent per business + POS transaction id: a replay
 * returns the original, and the same id asking for something else is a conflict, never a second
 * transaction.
 */
export async function recordTransaction(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  request: TransactionRequest,
): Promise<RecordedTransaction> {
  const member = await requireStaff(em, principal, businessId, request.kind === 'adjustment' ? 'adjustBalances' : 'recordTransactions');
  const fingerprint = requestFingerprint(request);
  const earlier = await em.findOne(LoyaltyTransaction, { businessId, posTransactionId: request.posTransactionId });
  if (earlier) return replay(earlier, fingerprint);

  const resolved = await resolveTransaction(em, member, request);
  return em.transactional(async (tx) => {
    const { programId, ...row } = resolved;
    const { transaction, inserted } = await insertPendingTransaction(tx, {
      ...row,
      businessId,
      posTransactionId: request.posTransactionId,
      recordedBy: principal.sub,
      details: { ...row.details, requestFingerprint: fingerprint },
    });
    if (!inserted) return replay(transaction, fingerprint);

    if (request.kind === 'redemption' && request.code !== undefined) {
      const target = await useRedemptionCode(tx, businessId, transaction.cardId, request.code);
      if (!target) throw AppError.badRequest('INVALID_REDEMPTION_CODE', 'This code is unknown, already used, expired or belongs to another card');
      transaction.details = { ...transaction.details, ...target, redeemedWithCode: true };
    }
    await writeEvent(tx, {
      type: 'transaction.recorded',
      businessId,
      aggregateId: transaction.id,
      payload: {
        transactionId: transaction.id,
        cardId: transaction.cardId,
        programId,
        storeId: transaction.storeId ?? null,
        kind: transaction.kind,
        posTransactionId: transaction.posTransactionId,
        recordedAt: transaction.createdAt.toISOString(),
      },
    });
    return { transaction, replayed: false };
  });
}

function replay(original: LoyaltyTransaction, fingerprint: string): RecordedTransaction {
  if (original.details.requestFingerprint !== fingerprint) {
    throw AppError.conflict('IDEMPOTENCY_KEY_REUSED', `POS transaction ${original.posTransactionId} was already recorded with different content`);
  }
  return { transaction: original, replayed: true };
}
