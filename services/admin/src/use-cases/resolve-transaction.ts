import { AppError } from '@loyalty/platform';
import { CatalogReward, Reward, type EntityManager } from '@loyalty/db';
import { requireStoreAccess, type ActingMember } from '../data-access/staff-access.js';
import type { CounterFacts } from '../data-access/counter-facts.js';
import { canReverse } from '../domain/reversals.js';
import type { TransactionRequest } from '../domain/transaction-request.js';
import type { PendingTransaction } from '../data-access/pending-transactions.js';

export type ResolvedTransaction = Omit<PendingTransaction, 'id' | 'businessId' | 'posTransactionId' | 'recordedBy' | 'createdAt'> & { programId: string };

type Card = NonNullable<CounterFacts['card']>;

/**
 * The synchronous checks before a transaction is accepted: everything it points at exists in this
 * business and may be used by this staff member. Whether it can be applied (balance, limits, stock)
 * is the processor's call. The facts were read in one statement; only a redemption reads more.
 */
export async function resolveTransaction(
  em: EntityManager,
  member: ActingMember,
  request: TransactionRequest,
  facts: CounterFacts,
): Promise<ResolvedTransaction> {
  switch (request.kind) {
    case 'visit': {
      const card = openCard(facts);
      const storeId = usableStore(member, request.storeId, facts);
      return { kind: 'visit', cardId: card.id, programId: card.programId, storeId, amount: null, currency: null, reversesTransactionId: null, details: {} };
    }
    case 'purchase': {
      const card = openCard(facts);
      const storeId = usableStore(member, request.storeId, facts);
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
      const card = openCard(facts);
      const storeId = usableStore(member, request.storeId, facts);
      if (request.catalogRewardId !== undefined) await catalogRewardOf(em, member.businessId, card, request.catalogRewardId);
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
      const original = reversibleTransaction(request.kind, facts);
      const card = openCard(facts);
      const storeId = usableStore(member, request.storeId ?? original.storeId ?? null, facts);
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
      const card = openCard(facts);
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

function openCard({ card }: CounterFacts): Card {
  if (!card) throw AppError.notFound('Card');
  if (card.status === 'closed') throw AppError.conflict('CARD_CLOSED', 'This card is closed');
  return card;
}

function usableStore(member: ActingMember, asked: string | null, facts: CounterFacts): string | null {
  if (asked === null) return null;
  if (facts.storeId === null) throw AppError.notFound('Store');
  requireStoreAccess(member, facts.storeId);
  return facts.storeId;
}

async function catalogRewardOf(em: EntityManager, businessId: string, card: Card, catalogRewardId: string): Promise<void> {
  const reward = await em.findOne(CatalogReward, { id: catalogRewardId, businessId, programId: card.programId });
  if (!reward) throw AppError.notFound('Reward');
}

async function stampRewardOf(em: EntityManager, card: Card, rewardId: string): Promise<void> {
  const reward = await em.findOne(Reward, { id: rewardId, cardId: card.id, catalogRewardId: null });
  if (!reward) throw AppError.notFound('Reward');
}

function reversibleTransaction(reversal: 'void' | 'refund', { original }: CounterFacts): NonNullable<CounterFacts['original']> {
  if (!original) throw AppError.notFound('Transaction');
  if (!canReverse(reversal, original.kind)) throw AppError.conflict('NOT_REVERSIBLE', `A ${original.kind} cannot be reversed by a ${reversal}`);
  if (original.status !== 'applied')
    throw AppError.conflict('TRANSACTION_NOT_APPLIED', `Only applied transactions can be reversed; this one is ${original.status}`);
  return original;
}
