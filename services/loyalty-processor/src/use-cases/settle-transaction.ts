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
import type { ClosedBook } from '../data-access/card-book.js';

/** What the settlement's statement writes beside the status: the rules' events and, when applied, the card's book. */
export interface SettlementWrites {
  events: readonly NewEvent<EventType>[];
  book?: ClosedBook;
}

export type Settlement = { status: 'applied'; result: TransactionResult } | { status: 'rejected'; rejection: TransactionRejection };

interface Part {
  sql: string;
  params: unknown[];
}

// PostgreSQL takes at most 65,535 parameters a statement.
const maxParams = 30_000;
const rowsPerPart = 500;

function chunked<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += rowsPerPart) chunks.push(items.slice(i, i + rowsPerPart));
  return chunks;
}

const rows = (count: number, width: number, casts: readonly string[] = []) =>
  Array.from({ length: count }, () => `(${Array.from({ length: width }, (_, i) => `?${casts[i] ?? ''}`).join(', ')})`).join(', ');

function bookParts(card: Card, transaction: LoyaltyTransaction, book: ClosedBook, now: Date): Part[] {
  const parts: Part[] = [
    {
      sql: 'update loyalty.cards set balance = ?, completed_cards = ?, tier = ? where id = ?',
      params: [card.balance, card.completedCards, card.tier ?? null, card.id],
    },
  ];
  for (const created of chunked(book.created)) {
    parts.push({
      sql: `insert into loyalty.lots (id, business_id, card_id, transaction_id, earned, remaining, expires_at, created_at) values ${rows(created.length, 8)}`,
      params: created.flatMap((lot) => [
        lot.id,
        lot.businessId,
        lot.cardId,
        lot.transactionId,
        lot.earned,
        lot.remaining,
        lot.expiresAt ?? null,
        lot.createdAt,
      ]),
    });
  }
  for (const changed of chunked(book.changed)) {
    parts.push({
      sql: `update loyalty.lots l set remaining = v.remaining from (values ${rows(changed.length, 2, ['::uuid', '::int'])}) as v (id, remaining) where l.id = v.id`,
      params: changed.flatMap((lot) => [lot.id, lot.remaining]),
    });
  }
  for (const entries of chunked(book.entries)) {
    parts.push({
      sql: `insert into loyalty.ledger_entries (id, business_id, card_id, transaction_id, lot_id, kind, amount, created_at) values ${rows(entries.length, 8)}`,
      params: entries.flatMap((entry) => [uuidv7(now.getTime()), card.businessId, card.id, transaction.id, entry.lotId, entry.kind, entry.amount, now]),
    });
  }
  return parts;
}

/**
 * Marks the transaction settled and writes everything it changed in the same commit, in one
 * statement: the card, its lots and ledger entries (their foreign keys are checked at the statement's
 * end) and the events; what else the rules changed (rewards, offers) is flushed first. The status
 * change fires the `transaction_settled` NOTIFY that a waiting API request listens for. The
 * transaction's entity is left as it was, so no later flush writes the row again.
 */
export async function settleTransaction(
  em: EntityManager,
  transaction: LoyaltyTransaction,
  card: Card,
  settlement: Settlement,
  { events, book }: SettlementWrites,
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
  const written = book ? bookParts(card, transaction, book, now) : [];
  // A book too large for one statement (thousands of lots) goes ahead part by part, in foreign-key order.
  const ahead = [...written, ...outbox].reduce((sum, part) => sum + part.params.length, 0) > maxParams;
  for (const part of ahead ? written : []) await em.execute(part.sql, part.params, 'run');
  const parts: Part[] = [
    {
      sql: 'update loyalty.transactions set status = ?, applied_at = ?, result = coalesce(?::jsonb, result), rejection = coalesce(?::jsonb, rejection) where id = ?',
      params: [
        settlement.status,
        now,
        settlement.status === 'applied' ? JSON.stringify(settlement.result) : null,
        settlement.status === 'rejected' ? JSON.stringify(settlement.rejection) : null,
        transaction.id,
      ],
    },
    ...(ahead ? [] : written),
  ];
  const statement = preparedStatement(
    // One name per shape: the number of rows of each part decides the text.
    `processor_settle_${outbox.length}_${book && !ahead ? [book.created.length, book.changed.length, book.entries.length].join('_') : 'status'}`,
    `with ${parts.map((part, i) => `w${i} as (${part.sql})`).join(', ')}
     insert into messaging.outbox (${settled.columns}) values ${outbox.map((event) => `(${event.placeholders})`).join(', ')}`,
  );
  await executePrepared(em, statement, [...parts.flatMap((part) => part.params), ...outbox.flatMap((event) => event.params)]);
}
