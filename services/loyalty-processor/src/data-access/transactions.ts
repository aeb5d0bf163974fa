import { Card, entityColumns, executePrepared, LoyaltyTransaction, Lot, preparedStatement, Program, Store, type EntityManager } from '@loyalty/db';
import type { EntityDictionary } from '@mikro-orm/core';

/**
 * A row as the locking statement returned it: a unit of work of its own takes it with `em.map` rather
 * than reading the row again.
 */
export type LockedRow<T> = EntityDictionary<T>;

export async function lockTransaction(em: EntityManager, id: string): Promise<LockedRow<LoyaltyTransaction> | undefined> {
  const statement = preparedStatement(
    'processor_lock_transaction',
    `select ${entityColumns(em, LoyaltyTransaction)} from loyalty.transactions where id = ? for update`,
  );
  const [row] = await executePrepared<LockedRow<LoyaltyTransaction>>(em, statement, [id]);
  return row;
}

export interface LockedCard {
  card: LockedRow<Card>;
  program: LockedRow<Program>;
}

const programPrefix = 'program__';

/**
 * Every balance change on a card happens under this lock, so two of them never interleave. FOR NO KEY
 * UPDATE, not FOR UPDATE: the counter's insert of a transaction takes its foreign key's KEY SHARE lock on
 * the card, which only FOR UPDATE blocks, so a slow or stuck apply never holds up the counter. The
 * card's program comes in the same round trip, unlocked: its row as of the statement's start.
 */
export async function lockCard(em: EntityManager, id: string): Promise<LockedCard> {
  const cardColumns = entityColumns(em, Card)
    .split(', ')
    .map((column) => `c.${column}`);
  const programColumns = entityColumns(em, Program)
    .split(', ')
    .map((column) => `p.${column} as ${programPrefix}${column}`);
  const statement = preparedStatement(
    'processor_lock_card_program',
    `select ${[...cardColumns, ...programColumns].join(', ')}
       from loyalty.cards c join loyalty.programs p on p.id = c.program_id
      where c.id = ? for no key update of c`,
  );
  const [row] = await executePrepared<Record<string, unknown>>(em, statement, [id]);
  if (!row) throw new Error(`card ${id} does not exist`);
  const card: Record<string, unknown> = {};
  const program: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column.startsWith(programPrefix)) program[column.slice(programPrefix.length)] = value;
    else card[column] = value;
  }
  return { card: card as LockedRow<Card>, program: program as LockedRow<Program> };
}

export function appliedReversalsOf(em: EntityManager, originalId: string): Promise<LoyaltyTransaction[]> {
  return em.find(LoyaltyTransaction, { reversesTransactionId: originalId, status: 'applied' });
}

export async function lotIdsOf(em: EntityManager, transactionId: string): Promise<string[]> {
  const lots = await em.find(Lot, { transactionId }, { fields: ['id'] });
  return lots.map((lot) => lot.id);
}

export async function storeTimeZone(em: EntityManager, storeId: string | null | undefined): Promise<string> {
  if (!storeId) return 'UTC';
  const store = await em.findOne(Store, { id: storeId });
  return store?.timeZone ?? 'UTC';
}
