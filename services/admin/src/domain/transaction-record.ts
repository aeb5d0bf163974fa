import type { LoyaltyTransaction } from '@loyalty/db/model';

/**
 * A transaction's columns, as a managed entity or as a plain object: the write path answers from
 * the row it has just inserted without hydrating an entity for it.
 */
export type TransactionRecord = Pick<
  LoyaltyTransaction,
  | 'id'
  | 'businessId'
  | 'cardId'
  | 'storeId'
  | 'kind'
  | 'posTransactionId'
  | 'status'
  | 'amount'
  | 'currency'
  | 'details'
  | 'result'
  | 'rejection'
  | 'reversesTransactionId'
  | 'recordedBy'
  | 'createdAt'
  | 'appliedAt'
>;
