import { Card, entityColumns, executePrepared, LoyaltyTransaction, Lot, preparedStatement, Program, Store, type EntityManager } from '@loyalty/db';
import type { EntityDictionary } from '@mikro-orm/core';

/**
 * A row as the locking statement returned it: a unit of work of its own takes it with `em.map` rather
 * than reading the row again.
 */
export type LockedRow<T> = EntityDictionary<T>;

export interface LockedForApply {
  transaction: LockedRow<LoyaltyTransaction>;
  card: LockedRow<Card>;
  program: LockedRow<Program>;
}

const tables = { transaction: 't', card: 'c', program: 'p' } as const;
type Table = keyof typeof tables;

/**
 * Locks the transaction and its card in one round trip, in that order (the order of the FOR clauses),
 * and reads the card's program with them, unlocked: its row as of the statement's start. Every
 * balance change on a card happens under the card's lock, so two of them never interleave. FOR NO
 * KEY UPDATE, not FOR UPDATE: the counter's insert of a transaction takes its foreign key's KEY SHARE
 * lock on the card, which only FOR UPDATE blocks, so a slow or stuck apply never holds up the counter.
 */
export async function lockForApply(em: EntityManager, transactionId: string): Promise<LockedForApply | undefined> {
  const columnsOf: Record<Table, string> = {
    transaction: entityColumns(em, LoyaltyTransaction),
    card: entityColumns(em, Card),
    program: entityColumns(em, Program),
  };
  const columns = (Object.keys(tables) as Table[]).flatMap((name) =>
    columnsOf[name].split(', ').map((column) => `${tables[name]}.${column} as ${tables[name]}__${column}`),
  );
  const statement = preparedStatement(
    'processor_lock_for_apply',
    `select ${columns.join(', ')}
       from loyalty.transactions t
       join loyalty.cards c on c.id = t.card_id
       join loyalty.programs p on p.id = c.program_id
      where t.id = ?
        for update of t
        for no key update of c`,
  );
  const [row] = await executePrepared<Record<string, unknown>>(em, statement, [transactionId]);
  if (!row) return undefined;
  const split: Record<Table, Record<string, unknown>> = { transaction: {}, card: {}, program: {} };
  for (const name of Object.keys(tables) as Table[]) {
    const prefix = `${tables[name]}__`;
    for (const [column, value] of Object.entries(row)) if (column.startsWith(prefix)) split[name][column.slice(prefix.length)] = value;
  }
  return split as unknown as LockedForApply;
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
