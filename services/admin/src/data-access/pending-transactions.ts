import { executePrepared, preparedStatement, type EntityManager, type PreparedStatement, type TransactionKind } from '@loyalty/db';
import type { PreparedEvent } from '@loyalty/outbox';
import type { TransactionRecord } from '../domain/transaction-record.js';

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

// Every event has the outbox's same columns, so the text is built once, from the first.
let insertStatement: PreparedStatement | undefined;
const insertStatementFor = (event: PreparedEvent<'transaction.recorded'>): PreparedStatement =>
  (insertStatement ??= preparedStatement(
    'admin_insert_pending_transaction',
    `with inserted as (
     insert into loyalty.transactions
       (id, business_id, card_id, store_id, kind, pos_transaction_id, status, amount, currency, details, reverses_transaction_id, recorded_by, created_at)
     values (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?::jsonb, ?, ?, ?)
     on conflict (business_id, pos_transaction_id) do nothing
     returning business_id
   ), event as (
     insert into messaging.outbox (${event.columns}) select ${event.placeholders} from inserted
   )
   select business_id from inserted`,
  ));

/**
 * Inserts the pending row and its event in one statement (atomic on its own, so no transaction
 * round trips), unless the business already has a row with this POS transaction id: then neither
 * is written and the answer is null. A concurrent insert of the same id waits on the unique index.
 * The answer is the row as written, not an entity: the business id as the database spells it, the
 * rest as sent.
 */
export async function insertPendingTransaction(
  em: EntityManager,
  row: PendingTransaction,
  event: PreparedEvent<'transaction.recorded'>,
): Promise<TransactionRecord | null> {
  const [inserted] = await executePrepared<{ business_id: string }>(em, insertStatementFor(event), [
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
  if (!inserted) return null;
  return { ...row, businessId: inserted.business_id, status: 'pending', result: null, rejection: null, appliedAt: null };
}
