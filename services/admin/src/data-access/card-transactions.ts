import { LoyaltyTransaction, type EntityManager } from '@loyalty/db';

export type HistoryPosition = { createdAt: string; id: string };

/**
 * One page of a card's transactions, newest first, keyed on (created_at, id). The position keeps
 * created_at to the microsecond as Postgres stores it: a millisecond Date would skip rows.
 */
export async function cardTransactionsPage(
  em: EntityManager,
  cardId: string,
  limit: number,
  after: HistoryPosition | undefined,
): Promise<{ transaction: LoyaltyTransaction; position: HistoryPosition }[]> {
  const rows = await em.execute<{ id: string; created_at: string }[]>(
    `select id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at
       from loyalty.transactions
      where card_id = ? and (?::timestamptz is null or (created_at, id) < (?::timestamptz, ?::uuid))
      order by created_at desc, id desc
      limit ?`,
    [cardId, after?.createdAt ?? null, after?.createdAt ?? null, after?.id ?? null, limit],
  );
  const transactions = new Map((await em.find(LoyaltyTransaction, { id: { $in: rows.map((row) => row.id) } })).map((t) => [t.id, t]));
  return rows.map((row) => ({ transaction: transactions.get(row.id)!, position: { createdAt: row.created_at, id: row.id } }));
}
