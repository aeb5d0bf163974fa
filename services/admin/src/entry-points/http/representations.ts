import type { z } from 'zod';
import type { LoyaltyTransaction } from '@loyalty/db';
import type { transactionView } from './schemas.js';

export function transactionUrl(transaction: LoyaltyTransaction): string {
  return `/businesses/${transaction.businessId}/transactions/${transaction.id}`;
}

export function toTransactionView(transaction: LoyaltyTransaction): z.infer<typeof transactionView> {
  return {
    id: transaction.id,
    kind: transaction.kind,
    status: transaction.status,
    cardId: transaction.cardId,
    storeId: transaction.storeId,
    posTransactionId: transaction.posTransactionId,
    createdAt: transaction.createdAt.toISOString(),
    appliedAt: transaction.appliedAt?.toISOString() ?? null,
    result: transaction.result ?? null,
    links: { self: transactionUrl(transaction) },
  };
}
