import { randomUUID } from 'node:crypto';
import { AppError } from '@loyalty/platform';
import { LoyaltyTransaction, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { prepareEvent } from '@loyalty/outbox';
import { actingMember, isApiKeyPrincipal } from '../data-access/staff-access.js';
import { readCounterFacts } from '../data-access/counter-facts.js';
import { insertPendingTransaction, type PendingTransaction } from '../data-access/pending-transactions.js';
import { useRedemptionCode } from '../data-access/redemption-codes.js';
import { requestFingerprint } from '../domain/request-fingerprint.js';
import type { TransactionRequest } from '../domain/transaction-request.js';
import type { TransactionRecord } from '../domain/transaction-record.js';
import { resolveTransaction } from './resolve-transaction.js';

export interface RecordedTransaction {
  transaction: TransactionRecord;
  replayed: boolean;
}

/** Thrown inside a redemption's transaction when another request won the POS transaction id: the code use is rolled back. */
class LostToReplay extends Error {}

/**
 * Records any counter transaction as a pending row and its `transaction.recorded` event in one
 * commit; the loyalty processor settles it. Idempotent per business + POS transaction id: a replay
 * returns the original, and the same id asking for something else is a conflict, never a second
 * transaction. The hot path is two statements: one reads every fact the checks need, one writes.
 */
export async function recordTransaction(
  em: EntityManager,
  principal: Principal,
  businessId: string,
  request: TransactionRequest,
): Promise<RecordedTransaction> {
  const reversal = request.kind === 'void' || request.kind === 'refund';
  const facts = await readCounterFacts(em, {
    businessId,
    staffSub: isApiKeyPrincipal(principal) ? null : principal.sub,
    posTransactionId: request.posTransactionId,
    cardId: reversal ? null : request.cardId,
    storeId: request.kind === 'adjustment' ? null : (request.storeId ?? null),
    reversesTransactionId: reversal ? request.reversesTransactionId : null,
  });
  const member = actingMember(principal, businessId, request.kind === 'adjustment' ? 'adjustBalances' : 'recordTransactions', facts.member);
  const fingerprint = requestFingerprint(request);
  if (facts.replay) return replay(em, businessId, request.posTransactionId, fingerprint);

  const { programId, ...resolved } = await resolveTransaction(em, member, request, facts);
  const row: PendingTransaction = {
    ...resolved,
    id: randomUUID(),
    businessId,
    posTransactionId: request.posTransactionId,
    recordedBy: principal.sub,
    createdAt: new Date(),
    details: { ...resolved.details, requestFingerprint: fingerprint },
  };
  const transaction =
    request.kind === 'redemption' && request.code !== undefined ? await redeemCode(em, row, programId, request.code) : await insert(em, row, programId);
  if (!transaction) return replay(em, businessId, request.posTransactionId, fingerprint);
  return { transaction, replayed: false };
}

function insert(em: EntityManager, row: PendingTransaction, programId: string): Promise<TransactionRecord | null> {
  const event = prepareEvent({
    type: 'transaction.recorded',
    businessId: row.businessId,
    aggregateId: row.id,
    payload: {
      transactionId: row.id,
      cardId: row.cardId,
      programId,
      storeId: row.storeId,
      kind: row.kind,
      posTransactionId: row.posTransactionId,
      recordedAt: row.createdAt.toISOString(),
    },
  });
  return insertPendingTransaction(em, row, event);
}

/** The code is used in the same commit as the row: if recording fails, the code is still usable. */
async function redeemCode(em: EntityManager, row: PendingTransaction, programId: string, code: string): Promise<TransactionRecord | null> {
  try {
    return await em.transactional(async (tx) => {
      const target = await useRedemptionCode(tx, row.businessId, row.cardId, code);
      if (!target) throw AppError.badRequest('INVALID_REDEMPTION_CODE', 'This code is unknown, already used, expired or belongs to another card');
      const inserted = await insert(tx, { ...row, details: { ...row.details, ...target, redeemedWithCode: true } }, programId);
      if (!inserted) throw new LostToReplay();
      return inserted;
    });
  } catch (error) {
    if (error instanceof LostToReplay) return null;
    throw error;
  }
}

async function replay(em: EntityManager, businessId: string, posTransactionId: string, fingerprint: string): Promise<RecordedTransaction> {
  const original = await em.findOneOrFail(LoyaltyTransaction, { businessId, posTransactionId });
  if (original.details.requestFingerprint !== fingerprint) {
    throw AppError.conflict('IDEMPOTENCY_KEY_REUSED', `POS transaction ${original.posTransactionId} was already recorded with different content`);
  }
  return { transaction: original, replayed: true };
}
