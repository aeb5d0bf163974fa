import { executePrepared, preparedStatement, type EntityManager } from '@loyalty/db';
import type { LedgerKind, ProgramKind, TransactionKind } from '@loyalty/db/model';

/**
 * The time zone of what happens at no store: the business's first store's, UTC while it has none.
 * The rebuild uses the same rule (see HOME_TIME_ZONE_SQL).
 */
export const HOME_TIME_ZONE_SQL = `coalesce((select s.time_zone from business.stores s where s.business_id = b.id order by s.created_at, s.id limit 1), 'UTC')`;

export async function homeTimeZone(em: EntityManager, businessId: string): Promise<string> {
  const [row] = await em.execute<{ tz: string }[]>(`select ${HOME_TIME_ZONE_SQL} as tz from business.businesses b where b.id = ?`, [businessId]);
  return row?.tz ?? 'UTC';
}

export interface TransactionFacts {
  businessId: string;
  kind: TransactionKind;
  status: 'pending' | 'applied' | 'rejected';
  amount: number | null;
  recordedAt: Date;
  storeId: string | null;
  /** The store's time zone, or the business's home time zone for a store-less transaction. */
  timeZone: string;
  programId: string;
  programKind: ProgramKind;
  customerId: string;
  ledger: { kind: LedgerKind; amount: number }[];
  rewardsUnlocked: number;
}

interface TransactionRow {
  id: string;
  business_id: string;
  kind: TransactionKind;
  status: TransactionFacts['status'];
  amount: string | null;
  created_at: Date;
  store_id: string | null;
  time_zone: string;
  program_id: string;
  program_kind: ProgramKind;
  customer_id: string;
  rewards_unlocked: string;
  ledger: { kind: LedgerKind; amount: number | string }[];
}

const transactionFactsStatement = preparedStatement(
  'analytics_transaction_facts',
  `select t.id, t.business_id, t.kind, t.status, t.amount, t.created_at, t.store_id, coalesce(s.time_zone, ${HOME_TIME_ZONE_SQL}) as time_zone,
         c.program_id, p.kind as program_kind, c.customer_id,
         (select count(*) from loyalty.rewards r where r.transaction_id = t.id and r.catalog_reward_id is null) as rewards_unlocked,
         coalesce((select json_agg(json_build_object('kind', l.kind, 'amount', l.amount)) from loyalty.ledger_entries l where l.transaction_id = t.id), '[]')
           as ledger
    from loyalty.transactions t
    join business.businesses b on b.id = t.business_id
    join loyalty.cards c on c.id = t.card_id
    join loyalty.programs p on p.id = c.program_id
    left join business.stores s on s.id = t.store_id
   where t.id = any(?::uuid[])`,
);

/** The settled transactions as the source tables hold them, by id: the event carries neither store, amount nor ledger lines. */
export async function loadTransactionFacts(em: EntityManager, transactionIds: readonly string[]): Promise<Map<string, TransactionFacts>> {
  if (transactionIds.length === 0) return new Map();
  const rows = await executePrepared<TransactionRow>(em, transactionFactsStatement, [transactionIds]);
  return new Map(rows.map((row) => [row.id, toTransactionFacts(row)]));
}

function toTransactionFacts(row: TransactionRow): TransactionFacts {
  return {
    businessId: row.business_id,
    kind: row.kind,
    status: row.status,
    amount: row.amount === null ? null : Number(row.amount),
    recordedAt: new Date(row.created_at),
    storeId: row.store_id,
    timeZone: row.time_zone,
    programId: row.program_id,
    programKind: row.program_kind,
    customerId: row.customer_id,
    ledger: row.ledger.map((entry) => ({ kind: entry.kind, amount: Number(entry.amount) })),
    rewardsUnlocked: Number(row.rewards_unlocked),
  };
}

export interface CardFacts {
  businessId: string;
  programId: string;
  programKind: ProgramKind;
  createdAt: Date;
  homeTimeZone: string;
}

const cardFactsStatement = preparedStatement(
  'analytics_card_facts',
  `select c.id, c.business_id, c.program_id, p.kind as program_kind, c.created_at, ${HOME_TIME_ZONE_SQL} as tz
     from loyalty.cards c
     join loyalty.programs p on p.id = c.program_id
     join business.businesses b on b.id = c.business_id
    where c.id = any(?::uuid[])`,
);

/** The cards' facts, by id. */
export async function loadCardFacts(em: EntityManager, cardIds: readonly string[]): Promise<Map<string, CardFacts>> {
  if (cardIds.length === 0) return new Map();
  const rows = await executePrepared<{ id: string; business_id: string; program_id: string; program_kind: ProgramKind; created_at: Date; tz: string }>(
    em,
    cardFactsStatement,
    [cardIds],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { businessId: row.business_id, programId: row.program_id, programKind: row.program_kind, createdAt: new Date(row.created_at), homeTimeZone: row.tz },
    ]),
  );
}
