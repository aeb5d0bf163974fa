import { AppError } from '@loyalty/platform';
import { Card, CatalogReward, LoyaltyTransaction, Reward, Store, type EntityManager } from '@loyalty/db';
import { requireStoreAccess, type ActingMember } from '../data-access/staff-access.js';
import { canReverse } from '../domain/reversals.js';
import type { TransactionRequest } from '../domain/transaction-request.js';
import type { PendingTransaction } from '../data-access/pending-transactions.js';

export type ResolvedTransaction = Omit<PendingTransaction, 'businessId' | 'posTransactionId' | 'recordedBy'> & { programId: string };

/**
 * The synchronous checks before a transaction is accepted: everything it points at exists in this
 * business and may be used by this staff member. Whether it can be applied (balance, limits, stock)
 * is the processor's call.
 */
export async function resolveTransaction(em: EntityManager, member: ActingMember, request: TransactionRequest): Promise<ResolvedTransaction> {
  const { businessId } = member;
  switch (request.kind) {
    case 'visit': {
      const card = await openCard(em, businessId, request.cardId);
      const storeId = await usableStore(em, member, request.storeId);
      return { kind: 'visit', cardId: card.id, programId: card.programId, storeId, amount: null, currency: null, reversesTransactionId: null, details: {} };
    }
    case 'purchase': {
      const card = await openCard(em, businessId, request.cardId);
      const storeId = await usableStore(em, member, request.storeId);
      return {
        kind: 'purchase',
        cardId: card.id,
        programId: card.programId,
        storeId,
        amount: request.amount,
        currency: request.currency,
        reversesTransactionId: null,
        details: { paidWithPoints: request.paidWithPoints, ...(request.lines ? { lines: request.lines } : {}) },
      };
    }
    case 'redemption': {
      const card = await openCard(em, businessId, request.cardId);
      const storeId = await usableStore(em, member, request.storeId);
      if (request.catalogRewardId !== undefined) await catalogRewardOf(em, card, request.catalogRewardId);
      if (request.rewardId !== undefined) await stampRewardOf(em, card, request.rewardId);
      const details =
        request.catalogRewardId !== undefined
          ? { catalogRewardId: request.catalogRewardId }
          : request.rewardId !== undefined
            ? { rewardId: request.rewardId }
            : {};
      return { kind: 'redemption', cardId: card.id, programId: card.programId, storeId, amount: null, currency: null, reversesTransactionId: null, details };
    }
    case 'void':
    case 'refund': {
      const original = await reversibleTransaction(em, businessId, request.kind, request.reversesTransactionId);
      const card = await openCard(em, businessId, original.cardId);
      const storeId = await usableStore(em, member, request.storeId ?? original.storeId ?? null);
      return {
        kind: request.kind,
        cardId: card.id,
        programId: card.programId,
        storeId,
        amount: request.kind === 'refund' ? request.refundAmount : null,
        currency: request.kind === 'refund' ? (original.currency ?? null) : null,
        reversesTransactionId: original.id,
        details: request.kind === 'refund' ? { refundAmount: request.refundAmount } : {},
      };
    }
    case 'adjustment': {
      const card = await openCard(em, businessId, request.cardId);
      return {
        kind: 'adjustment',
        cardId: card.id,
        programId: card.programId,
        storeId: null,
        amount: null,
        currency: null,
        reversesTransactionId: null,
        details: { points: request.points, reason: request.reason },
      };
    }
  }
}

async function openCard(em: EntityManager, businessId: string, cardId: string): Promise<Card> {
  const card = await em.findOne(Card, { id: cardId, businessId });
  if (!card) throw AppError.notFound('Card');
  if (card.status === 'closed') throw AppError.conflict('CARD_CLOSED', 'This card is closed');
  return card;
}

async function usableStore(em: EntityManager, member: ActingMember, storeId: string | null): Promise<string | null> {
  if (storeId === null) return null;
  const store = await em.findOne(Store, { id: storeId, businessId: member.businessId });
  if (!store) throw AppError.notFound('Store');
  requireStoreAccess(member, store.id);
  return store.id;
}

async function catalogRewardOf(em: EntityManager, card: Card, catalogRewardId: string): Promise<void> {
  const reward = await em.findOne(CatalogReward, { id: catalogRewardId, businessId: card.businessId, programId: card.programId });
  if (!reward) throw AppError.notFound('Reward');
}

async function stampRewardOf(em: EntityManager, card: Card, rewardId: string): Promise<void> {
  const reward = await em.findOne(Reward, { id: rewardId, cardId: card.id, catalogRewardId: null });
  if (!reward) throw AppError.notFound('Reward');
}

async function reversibleTransaction(em: EntityManager, businessId: string, reversal: 'void' | 'refund', transactionId: string): Promise<LoyaltyTransaction> {
  const original = await em.findOne(LoyaltyTransaction, { id: transactionId, businessId });
  if (!original) throw AppError.notFound('Transaction');
  if (!canReverse(reversal, original.kind)) throw AppError.conflict('NOT_REVERSIBLE', `A ${original.kind} cannot be reversed by a ${reversal}`);
  if (original.status !== 'applied')
    throw AppError.conflict('TRANSACTION_NOT_APPLIED', `Only applied transactions can be reversed; this one is ${original.status}`);
  return original;
}
