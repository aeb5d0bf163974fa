import { entityColumns, executePrepared, LoyaltyTransaction, preparedStatement, type EntityManager, type TransactionKind } from '@loyalty/db';
import type { PreparedEvent } from '@loyalty/outbox';

export interface PendingTransaction {
  id: string;
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
  createdAt: Date;
}

/**
 * Inserts the pending row and its event in one statement (atomic on its own, so no transaction
 * round trips), unless the business already has a row with this POS transaction id: then neither
 * is written and the answer is null. A concurrent insert of the same id waits on the unique index.
 */
export async function insertPendingTransaction(
  em: EntityManager,
  row: PendingTransaction,
  event: PreparedEvent<'transaction.recorded'>,
): Promise<LoyaltyTransaction | null> {
  const statement = preparedStatement(
    'admin_insert_pending_transaction',
    `with inserted as (
       insert into loyalty.transactions
         (id, business_id, card_id, store_id, kind, pos_transaction_id, status, amount, currency, details, reverses_transaction_id, recorded_by, created_at)
       values (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?::jsonb, ?, ?, ?)
       on conflict (business_id, pos_transaction_id) do nothing
       returning ${entityColumns(em, LoyaltyTransaction)}
     ), event as (
       insert into messaging.outbox (${event.columns}) select ${event.placeholders} from inserted
     )
     select * from inserted`,
  );
  const [inserted] = await executePrepared<Record<string, unknown>>(em, statement, [
    row.id,
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
    row.createdAt,
    ...event.params,
  ]);
  return inserted ? em.map(LoyaltyTransaction, inserted) : null;
}
