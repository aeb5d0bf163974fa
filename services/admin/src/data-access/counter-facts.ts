import { executePrepared, preparedStatement, type cardStatuses, type EntityManager, type StaffRole, type TransactionKind } from '@loyalty/db';

type CardStatus = (typeof cardStatuses)[number];

/** Everything a counter write checks before it is accepted, read in one round trip. */
export interface CounterFacts {
  /** The caller's staff record in this business (null: none, or the caller is an API key). */
  member: { role: StaffRole; storeIds: string[] | null } | null;
  card: { id: string; programId: string; status: CardStatus } | null;
  /** The store asked for (or, for a reversal without one, the original's), if it is this business's. */
  storeId: string | null;
  /** This business already has a transaction with this POS transaction id. */
  replay: boolean;
  /** The transaction a void or refund reverses, if it is this business's. */
  original: {
    id: string;
    kind: TransactionKind;
    status: 'pending' | 'applied' | 'rejected';
    cardId: string;
    storeId: string | null;
    currency: string | null;
  } | null;
}

export interface CounterQuestion {
  businessId: string;
  /** The caller's Cognito sub, or null for an API key (its scope needs no staff record). */
  staffSub: string | null;
  posTransactionId: string;
  cardId: string | null;
  storeId: string | null;
  reversesTransactionId: string | null;
}

interface Row {
  member: CounterFacts['member'];
  card: CounterFacts['card'];
  store_id: string | null;
  replay: boolean;
  original: CounterFacts['original'];
}

const counterFactsStatement = preparedStatement(
  'admin_counter_facts',
  `with original as (
       select id, kind, status, card_id, store_id, currency from loyalty.transactions where business_id = ? and id = ?::uuid
     )
     select
       (select json_build_object('role', role, 'storeIds', store_ids) from business.staff_members
         where business_id = ? and cognito_sub = ?::text) as member,
       (select json_build_object('id', id, 'programId', program_id, 'status', status) from loyalty.cards
         where business_id = ? and id = coalesce(?::uuid, (select card_id from original))) as card,
       (select id from business.stores where business_id = ? and id = coalesce(?::uuid, (select store_id from original))) as store_id,
       exists (select 1 from loyalty.transactions where business_id = ? and pos_transaction_id = ?) as replay,
       (select json_build_object('id', id, 'kind', kind, 'status', status, 'cardId', card_id, 'storeId', store_id, 'currency', currency)
          from original) as original`,
);

/**
 * One statement instead of a query per fact: a reversal's card and default store come from the
 * transaction it reverses, so they are read through it in the same statement.
 */
export async function readCounterFacts(em: EntityManager, question: CounterQuestion): Promise<CounterFacts> {
  const { businessId, staffSub, posTransactionId, cardId, storeId, reversesTransactionId } = question;
  const [row] = await executePrepared<Row>(em, counterFactsStatement, [
    businessId,
    reversesTransactionId,
    businessId,
    staffSub,
    businessId,
    cardId,
    businessId,
    storeId,
    businessId,
    posTransactionId,
  ]);
  if (!row) throw new Error('the counter facts query returned no row');
  return { member: row.member, card: row.card, storeId: row.store_id, replay: row.replay, original: row.original };
}
