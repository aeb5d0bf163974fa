import { LedgerEntry, type EntityManager, type LedgerKind } from '@loyalty/db';

async function sumSince(em: EntityManager, cardId: string, kinds: readonly LedgerKind[], since: Date): Promise<number> {
  const kindList = kinds.map((kind) => `'${kind}'`).join(', ');
  const [row] = await em.execute<{ total: string | null }[]>(
    `select sum(amount) as total from loyalty.ledger_entries where card_id = ? and kind in (${kindList}) and created_at >= ?`,
    [cardId, since],
  );
  return Number(row?.total ?? 0);
}

export const stampsEarnedSince = (em: EntityManager, cardId: string, since: Date): Promise<number> => sumSince(em, cardId, ['earn'], since);

/** What counts as earned for tiers: earnings and bonuses net of their reversals, never spending or expiry. */
export const tierEarningKinds: readonly LedgerKind[] = ['earn', 'bonus', 'reverse_earn'];

export const pointsEarnedSince = (em: EntityManager, cardId: string, since: Date): Promise<number> => sumSince(em, cardId, tierEarningKinds, since);

/** The lots a transaction spent from, and how much from each (as positive amounts). */
export async function spentBy(em: EntityManager, transactionId: string): Promise<{ lotId: string; amount: number }[]> {
  const entries = await em.find(LedgerEntry, { transactionId, kind: 'spend' }, { orderBy: { id: 'asc' } });
  return entries.flatMap((entry) => (entry.lotId ? [{ lotId: entry.lotId, amount: -entry.amount }] : []));
}
