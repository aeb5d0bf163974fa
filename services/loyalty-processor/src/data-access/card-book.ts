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

/** What the settlement writes for the book: the card's new balance, the lots it created or changed and their entries. */
export interface ClosedBook {
  balance: number;
  entries: readonly NewLedgerEntry[];
  created: readonly Lot[];
  changed: readonly Lot[];
}

export interface Debit {
  taken: number;
  shortfall: number;
}

/**
 * The card's lots and ledger inside one database transaction, with the card row already locked:
 * every movement changes a lot and appends its ledger entry together, so lot.remaining always
 * equals the sum of the lot's entries. The lots are kept out of the rules' unit of work: nothing
 * of the book reaches the database before the settlement writes it all in one statement.
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
   * are inserted; answers what the settlement writes.
   */
  close(): ClosedBook;
}

export async function openCardBook(em: EntityManager, card: Card, transactionId: string, now: Date): Promise<CardBook> {
  // Maps the lots into entities that no flush writes: a fork nobody flushes.
  const detached = em.fork({ keepTransactionContext: true });
  const lotsWhere = async (name: string, condition: string, params: readonly unknown[]): Promise<Lot[]> => {
    const statement = preparedStatement(name, `select ${entityColumns(em, Lot)} from loyalty.lots where ${condition}`);
    const rows = await executePrepared<EntityDictionary<Lot>>(em, statement, params);
    return rows.map((row) => detached.map(Lot, row));
  };
  const lots = await lotsWhere('processor_open_lots', 'card_id = ? and remaining > 0', [card.id]);
  const created: Lot[] = [];
  const remainingAtOpen = new Map<string, number>();
  const track = (lot: Lot) => remainingAtOpen.set(lot.id, lot.remaining);
  for (const lot of lots) track(lot);
  const entries: NewLedgerEntry[] = [];
  const entry = (lot: Lot, kind: LedgerKind, amount: number) => entries.push({ lotId: lot.id, kind, amount });
  const lotById = (id: string) => lots.find((lot) => lot.id === id);

  return {
    available: () => lots.reduce((sum, lot) => sum + lot.remaining, 0),

    credit(amount, kind, expiresAt) {
      const lot = detached.create(
        Lot,
        {
          id: uuidv7(now.getTime()),
          businessId: card.businessId,
          cardId: card.id,
          transactionId,
          earned: amount,
          remaining: amount,
          expiresAt,
          createdAt: now,
        },
        { persist: false },
      );
      lots.push(lot);
      created.push(lot);
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
        let lot = lotById(lotId);
        if (!lot) {
          [lot] = await lotsWhere('processor_lot_of_card', 'id = ? and card_id = ?', [lotId, card.id]);
          if (!lot) throw new Error(`lot ${lotId} of card ${card.id} does not exist`);
          lots.push(lot);
          track(lot);
        }
        lot.remaining += amount;
        entry(lot, 'reverse_spend', amount);
        restored += amount;
      }
      return restored;
    },

    added: (kinds) => entries.reduce((sum, e) => (kinds.includes(e.kind) ? sum + e.amount : sum), 0),

    close() {
      // The card is locked and every writer moves its balance with the entries it appends, so the
      // balance read under the lock is the ledger's sum; adding this book's entries keeps it so.
      card.balance += entries.reduce((sum, e) => sum + e.amount, 0);
      const changed = lots.filter((lot) => remainingAtOpen.has(lot.id) && remainingAtOpen.get(lot.id) !== lot.remaining);
      return { balance: card.balance, entries, created, changed };
    },
  };
}
