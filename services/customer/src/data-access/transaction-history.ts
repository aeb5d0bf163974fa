import type { EntityManager, TransactionKind, TransactionRejection, TransactionResult } from '@loyalty/db';

export interface HistoryRow {
  id: string;
  kind: TransactionKind;
  status: 'pending' | 'applied' | 'rejected';
  result: TransactionResult | null;
  rejection: TransactionRejection | null;
  amount: string | null;
  currency: string | null;
  store_id: string | null;
  store_name: string | null;
  created_at: string;
}

/** Newest first; `beforeId` is the last transaction of the previous page. */
export async function transactionHistory(em: EntityManager, cardId: string, beforeId: string | null, limit: number): Promise<HistoryRow[]> {
  return em.execute<HistoryRow[]>(
    `select t.id, t.kind, t.status, t.result, t.rejection, t.amount, t.currency, t.store_id, s.name as store_name, t.created_at
       from loyalty.transactions t
       left join business.stores s on s.id = t.store_id
      where t.card_id = ?
        and (?::uuid is null or (t.created_at, t.id) < (select created_at, id from loyalty.transactions where id = ? and card_id = ?))
      order by t.created_at desc, t.id desc limit ?`,
    [cardId, beforeId, beforeId, cardId, limit],
  );
}
