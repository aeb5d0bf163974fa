import { randomUUID } from 'node:crypto';
import { LoyaltyTransaction, type EntityManager, type TransactionKind } from '@loyalty/db';

export interface PendingTransaction {
  businessId: string;
  cardId: string;
  storeId: string | null;
  kind: TransactionKind;
  posTransactionId: string;
  amount: number | null;
  currency: string | null;
  details: Record<string, unknown>;
  reversesTransactionId: string | null;
  recordedBy: string;
}

/**
 * Inserts the pending row unless the business already has one with this POS transaction id; a
 * concurrent insert of the same id waits on the unique index and then sees the winner's row.
 */
export async function insertPendingTransaction(em: EntityManager, row: PendingTransaction): Promise<{ transaction: LoyaltyTransaction; inserted: boolean }> {
  const id = randomUUID();
  const inserted = await em.execute<{ id: string }[]>(
    `insert into loyalty.transactions
       (id, business_id, card_id, store_id, kind, pos_transaction_id, status, amount, currency, details, reverses_transaction_id, recorded_by)
     values (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?::jsonb, ?, ?)
     on conflict (business_id, pos_transaction_id) do nothing
     returning id`,
    [
      id,
      row.businessId,
      row.cardId,
      row.storeId,
      row.kind,
      row.posTransactionId,
      row.amount,
      row.currency,
      JSON.stringify(row.details),
      row.reversesTransactionId,
      row.recordedBy,
    ],
  );
  const transaction = await em.findOneOrFail(LoyaltyTransaction, { businessId: row.businessId, posTransactionId: row.posTransactionId });
  return { transaction, inserted: inserted.length > 0 };
}
