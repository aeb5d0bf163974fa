import type { EventType } from '@loyalty/contracts';
import type { Card, EntityManager, LoyaltyTransaction, TransactionResult } from '@loyalty/db';
import type { NewEvent } from '@loyalty/outbox';
import type { CardBook } from '../data-access/card-book.js';
import type { LoadedProgram } from '../data-access/load-program.js';
import { pointsExpiryDate, stampExpiryDate } from '../domain/expiry-date.js';

/** One transaction being applied: the locked rows, the card's book and the events its commit will carry. */
export interface Application {
  em: EntityManager;
  now: Date;
  transaction: LoyaltyTransaction;
  card: Card;
  program: LoadedProgram;
  book: CardBook;
  events: NewEvent<EventType>[];
}

/** What a kind's rules did, before the balance and tier are settled. */
export type Effect = Omit<TransactionResult, 'delta' | 'balanceAfter'>;

export function expiryOfNewLot({ program, now }: Application): Date | null {
  return program.kind === 'stamp' ? stampExpiryDate(program.rules.stampValidityDays, now) : pointsExpiryDate(program.rules.expiry, now);
}
