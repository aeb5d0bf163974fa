import type { z } from 'zod';
import { stampRules } from '@loyalty/db';
import type { TransactionRecord } from '../../domain/transaction-record.js';
import type { CardAtCounter } from '../../use-cases/lookup-card.js';
import type { cardLookupView, transactionView } from './counter-schemas.js';

export function transactionUrl(transaction: Pick<TransactionRecord, 'businessId' | 'id'>): string {
  return `/businesses/${transaction.businessId}/transactions/${transaction.id}`;
}

function cardHistoryUrl(businessId: string, cardId: string): string {
  return `/businesses/${businessId}/cards/${cardId}/transactions`;
}

export function toTransactionView(transaction: TransactionRecord): z.infer<typeof transactionView> {
  const { requestFingerprint: _internal, ...details } = transaction.details;
  return {
    id: transaction.id,
    kind: transaction.kind,
    status: transaction.status,
    cardId: transaction.cardId,
    storeId: transaction.storeId ?? null,
    posTransactionId: transaction.posTransactionId,
    amount: transaction.amount ?? null,
    currency: transaction.currency ?? null,
    reversesTransactionId: transaction.reversesTransactionId ?? null,
    details,
    createdAt: transaction.createdAt.toISOString(),
    appliedAt: transaction.appliedAt?.toISOString() ?? null,
    result: transaction.result ?? null,
    rejection: transaction.rejection ?? null,
    links: {
      self: transactionUrl(transaction),
      card: cardHistoryUrl(transaction.businessId, transaction.cardId),
      ...(transaction.reversesTransactionId ? { reverses: `/businesses/${transaction.businessId}/transactions/${transaction.reversesTransactionId}` } : {}),
    },
  };
}

export function toCardLookupView({ card, program, customerDisplayName, availableRewards }: CardAtCounter): z.infer<typeof cardLookupView> {
  const stamps = program.kind === 'stamp' ? stampRules.safeParse(program.rules) : undefined;
  const currency = program.kind === 'points' && 'currency' in program.rules ? program.rules.currency : null;
  return {
    card: {
      id: card.id,
      number: card.cardNumber,
      status: card.status,
      balance: card.balance,
      tier: card.tier ?? null,
      program: {
        id: program.id,
        name: program.name,
        kind: program.kind,
        status: program.status,
        unit: program.kind === 'stamp' ? 'stamps' : 'points',
        stampsRequired: stamps?.success ? stamps.data.stampsRequired : null,
        currency,
      },
    },
    customer: { displayName: customerDisplayName },
    availableRewards,
    links: { transactions: cardHistoryUrl(card.businessId, card.id) },
  };
}
