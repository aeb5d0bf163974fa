import { LoyaltyTransaction, type TransactionKind } from '@loyalty/db';
import { reject } from '../domain/rejection.js';
import { appliedReversalsOf } from '../data-access/transactions.js';
import type { Application } from './application.js';

/** The applied transaction a void or refund reverses, on the same card, not voided yet. */
export async function findOriginal(
  app: Application,
  kinds: readonly TransactionKind[],
): Promise<{ original: LoyaltyTransaction; earlierRefunds: LoyaltyTransaction[] }> {
  const { em, transaction } = app;
  const original = transaction.reversesTransactionId
    ? await em.findOne(LoyaltyTransaction, { id: transaction.reversesTransactionId, cardId: app.card.id })
    : null;
  if (original?.status !== 'applied' || !kinds.includes(original.kind)) {
    return reject('NOT_REVERSIBLE', `a ${transaction.kind} reverses an applied ${kinds.join(' or ')} of this card`);
  }
  const reversals = await appliedReversalsOf(em, original.id);
  if (reversals.some((reversal) => reversal.kind === 'void')) reject('ALREADY_REVERSED', 'the transaction has already been voided');
  return { original, earlierRefunds: reversals.filter((reversal) => reversal.kind === 'refund') };
}

export const earnedBy = (transaction: LoyaltyTransaction): number => transaction.result?.earned ?? 0;

export const clawedBackBy = (refunds: readonly LoyaltyTransaction[]): number => refunds.reduce((sum, refund) => sum + Number(refund.result?.clawback ?? 0), 0);
