import type { EventType } from '@loyalty/contracts';
import {
  executePrepared,
  preparedStatement,
  type Card,
  type EntityManager,
  type LoyaltyTransaction,
  type TransactionRejection,
  type TransactionResult,
} from '@loyalty/db';
import { prepareEvent, uuidv7, type NewEvent } from '@loyalty/outbox';
import type { NewLedgerEntry } from '../data-access/card-book.js';

/** What the settlement's statement inserts beside the status: the rules' events and the book's ledger entries. */
export interface SettlementWrites {
  events: readonly NewEvent<EventType>[];
  ledger: readonly NewLedgerEntry[];
}

export type Settlement = { status: 'applied'; result: TransactionResult } | { status: 'rejected'; rejection: TransactionRejection };

/**
 * Marks the transaction settled and writes its ledger entries and events in the same commit, in one
 * statement: what the rules changed on other rows (lots, card, rewards) is flushed first, so the
 * entries find their lots. The status change fires the `transaction_settled`
 * NOTIFY that a waiting API request listens for. The transaction's entity is left as it was, so no
 * later flush writes the row again.
 */
export async function settleTransaction(
  em: EntityManager,
  transaction: LoyaltyTransaction,
  card: Card,
  settlement: Settlement,
  { events, ledger }: SettlementWrites,
  now: Date,
): Promise<void> {
  await em.flush();
  // Prepared in order, so the outbox ids (uuidv7) keep the order the events happened in.
  const caused = events.map(prepareEvent);
  const settled = prepareEvent({
    type: 'transaction.settled',
    businessId: transaction.businessId,
    aggregateId: transaction.id,
    payload: {
      transactionId: transaction.id,
      cardId: card.id,
      programId: card.programId,
      customerId: card.customerId,
      kind: transaction.kind,
      status: settlement.status,
      delta: settlement.status === 'applied' ? settlement.result.delta : 0,
      balanceAfter: card.balance,
      rejectionCode: settlement.status === 'rejected' ? settlement.rejection.code : null,
      settledAt: now.toISOString(),
    },
  });
  const outbox = [...caused, settled];
  const entries = ledger.map((entry) => [uuidv7(now.getTime()), transaction.businessId, card.id, transaction.id, entry.lotId, entry.kind, entry.amount, now]);
  const insertEntries =
    entries.length === 0
      ? ''
      : `, entries as (
       insert into loyalty.ledger_entries (id, business_id, card_id, transaction_id, lot_id, kind, amount, created_at)
       values ${entries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     )`;
  const statement = preparedStatement(
    `processor_settle_${outbox.length}_${entries.length}`,
    `with settled as (
       update loyalty.transactions set status = ?, applied_at = ?, result = coalesce(?::jsonb, result), rejection = coalesce(?::jsonb, rejection)
        where id = ?
     )${insertEntries}
     insert into messaging.outbox (${settled.columns}) values ${outbox.map((event) => `(${event.placeholders})`).join(', ')}`,
  );
  await executePrepared(em, statement, [
    settlement.status,
    now,
    settlement.status === 'applied' ? JSON.stringify(settlement.result) : null,
    settlement.status === 'rejected' ? JSON.stringify(settlement.rejection) : null,
    transaction.id,
    ...entries.flat(),
    ...outbox.flatMap((event) => event.params),
  ]);
}
