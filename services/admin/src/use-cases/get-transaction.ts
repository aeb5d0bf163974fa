import { AppError } from '@loyalty/platform';
import { LoyaltyTransaction, type EntityManager } from '@loyalty/db';
import type { Principal } from '@loyalty/identity';
import { requireStaff, requireTransactionVisible } from '../data-access/staff-access.js';
import type { Settlement } from '../data-access/settled-notification.js';
import type { TransactionWaiter } from '../data-access/transaction-waiter.js';
import type { TransactionRecord } from '../domain/transaction-record.js';

export async function getTransaction(em: EntityManager, principal: Principal, businessId: string, transactionId: string): Promise<LoyaltyTransaction> {
  const member = await requireStaff(em, principal, businessId, 'readTransactions');
  const transaction = await em.findOne(LoyaltyTransaction, { id: transactionId, businessId });
  if (!transaction) throw AppError.notFound('Transaction');
  requireTransactionVisible(member, transaction.storeId);
  return transaction;
}

/** Where a wait's time went, for the Server-Timing header: epoch ms of the last wake, and the re-read it led to (none when the notification carried the row). */
export interface WaitTiming {
  startedAtMs: number;
  wokenAtMs: number;
  rereadMs: number;
}

export interface Settled {
  transaction: TransactionRecord;
  timing?: WaitTiming;
}

const epochNow = () => performance.timeOrigin + performance.now();

/** Honours `Prefer: wait`: holds the answer until the processor has applied or rejected the transaction, or time runs out. */
export async function awaitSettled(em: EntityManager, waiter: TransactionWaiter, transaction: TransactionRecord, waitSeconds: number): Promise<Settled> {
  if (transaction.status !== 'pending' || waitSeconds <= 0) return { transaction };
  const timing: WaitTiming = { startedAtMs: epochNow(), wokenAtMs: Number.NaN, rereadMs: Number.NaN };
  await waiter.waitUntil(transaction.id, waitSeconds * 1000, async (notified) => {
    timing.wokenAtMs = epochNow();
    // The notification carries what settling changed; the row is read only when it did not.
    if (notified) Object.assign(transaction, notified);
    else Object.assign(transaction, settlementOf(await em.fork().findOneOrFail(LoyaltyTransaction, transaction.id)));
    timing.rereadMs = epochNow() - timing.wokenAtMs;
    return transaction.status !== 'pending';
  });
  return { transaction, timing };
}

const settlementOf = ({ status, result, rejection, appliedAt }: Settlement): Settlement => ({ status, result, rejection, appliedAt });
