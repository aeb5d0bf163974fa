import { entityColumns, executePrepared, Lot, preparedStatement, type Card, type EntityManager, type LedgerKind } from '@loyalty/db';
import type { EntityDictionary } from '@mikro-orm/core';
import { uuidv7 } from '@loyalty/outbox';
import { planTakes } from '../domain/spending-order.js';

export type CreditKind = Extract<LedgerKind, 'earn' | 'bonus' | 'adjust'>;
export type DebitKind = Extract<LedgerKind, 'spend' | 'convert' | 'reverse_earn' | 'adjust'>;

/** A ledger entry the book appended, for the settlement to insert with the transaction's status. */
export interface NewLedgerEntry {
  lotId: string;
  kind: LedgerKind;
  amount: number;
}

export interface ClosedBook {
  balance: number;
  entries: readonly NewLedgerEntry[];
}

export interface Debit {
  taken: number;
  shortfall: number;
}

/**
 * The card's lots and ledger inside one database transaction, with the card row already locked:
 * every movement changes a lot and appends its ledger entry together, so lot.remaining always
 * equals the sum of the lot's entries.
 */
export interface CardBook {
  /** What the open lots hold right now, including this transaction's movements. */
  available(): number;
  credit(amount: number, kind: CreditKind, expiresAt: Date | null): Lot;
  /** Takes up to `amount`, from the given lots first, then oldest first. */
  debit(amount: number, kind: DebitKind, preferredLotIds?: readonly string[]): Debit;
  /** Puts amounts back into the exact lots they came from. */
  restore(amounts: readonly { lotId: string; amount: number }[]): Promise<number>;
  /** What this book's entries of these kinds add up to: they reach the ledger only with the settlement. */
  added(kinds: readonly LedgerKind[]): number;
  /**
   * Moves the cached balance by this book's entries, so it stays what the ledger adds up to once they
   * are inserted, and writes the lots and the card; answers the entries, which the settlement inserts.
   */
  close(): Promise<ClosedBook>;
}

async function openLots(em: EntityManager, cardId: string): Promise<Lot[]> {
  const statement = preparedStatement('processor_open_lots', `select ${entityColumns(em, Lot)} from loyalty.lots where card_id = ? and remaining > 0`);
  const rows = await executePrepared<EntityDictionary<Lot>>(em, statement, [cardId]);
  return rows.map((row) => em.map(Lot, row));
}

export async function openCardBook(em: EntityManager, card: Card, transactionId: string, now: Date): Promise<CardBook> {
  const lots = await openLots(em, card.id);
  const entries: NewLedgerEntry[] = [];
  const entry = (lot: Lot, kind: LedgerKind, amount: number) => entries.push({ lotId: lot.id, kind, amount });
  const lotById = (id: string) => lots.find((lot) => lot.id === id);

  return {
    available: () => lots.reduce((sum, lot) => sum + lot.remaining, 0),

    credit(amount, kind, expiresAt) {
      const lot = em.create(Lot, {
        id: uuidv7(now.getTime()),
        businessId: card.businessId,
        cardId: card.id,
        transactionId,
        earned: amount,
        remaining: amount,
        expiresAt,
        createdAt: now,
      });
      lots.push(lot);
      entry(lot, kind, amount);
      return lot;
    },

    debit(amount, kind, preferredLotIds = []) {
      const { takes, shortfall } = planTakes(lots, amount, preferredLotIds);
      for (const take of takes) {
        const lot = lotById(take.lotId)!;
        lot.remaining -= take.amount;
        entry(lot, kind, -take.amount);
      }
      return { taken: amount - shortfall, shortfall };
    },

    async restore(amounts) {
      let restored = 0;
      for (const { lotId, amount } of amounts) {
        const lot = lotById(lotId) ?? (await em.findOneOrFail(Lot, { id: lotId, cardId: card.id }));
        if (!lots.includes(lot)) lots.push(lot);
        lot.remaining += amount;
        entry(lot, 'reverse_spend', amount);
        restored += amount;
      }
      return restored;
    },

    added: (kinds) => entries.reduce((sum, e) => (kinds.includes(e.kind) ? sum + e.amount : sum), 0),

    async close() {
      // The card is locked and every writer moves its balance with the entries it appends, so the
      // balance read under the lock is the ledger's sum; adding this book's entries keeps it so.
      card.balance += entries.reduce((sum, e) => sum + e.amount, 0);
      // Entries wait for their lots: the unit of work does not know an entry's lot must be inserted first.
      await em.flush();
      return { balance: card.balance, entries };
    },
  };
}
