import { AppError } from '@loyalty/platform';
import { LoyaltyTransaction, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { requireStaff, requireTransactionVisible } from '../data-access/staff-access.js';
import type { TransactionWaiter } from '../data-access/transaction-waiter.js';

export async function getTransaction(em: EntityManager, principal: Principal, businessId: string, transactionId: string): Promise<LoyaltyTransaction> {
  const member = await requireStaff(em, principal, businessId, 'readTransactions');
  const transaction = await em.findOne(LoyaltyTransaction, { id: transactionId, businessId });
  if (!transaction) throw AppError.notFound('Transaction');
  requireTransactionVisible(member, transaction.storeId);
  return transaction;
}

/** Honours `Prefer: wait`: holds the answer until the processor has applied or rejected the transaction, or time runs out. */
export async function awaitSettled(
  em: EntityManager,
  waiter: TransactionWaiter,
  transaction: LoyaltyTransaction,
  waitSeconds: number,
): Promise<LoyaltyTransaction> {
  if (transaction.status !== 'pending' || waitSeconds <= 0) return transaction;
  await waiter.waitUntil(transaction.id, waitSeconds * 1000, async () => {
    await em.refresh(transaction);
    return transaction.status !== 'pending';
  });
  return transaction;
}
