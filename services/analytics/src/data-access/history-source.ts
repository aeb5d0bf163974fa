import { executePrepared, preparedStatement, type EntityManager } from '@loyalty/db';
import type { TransactionRejection, TransactionResult } from '@loyalty/db/model';
import type { HistoryEntry, HistoryStatus } from '@loyalty/tables';

interface HistoryRow {
  id: string;
  business_id: string;
  card_id: string;
  customer_id: string;
  program_id: string;
  kind: string;
  status: HistoryStatus;
  result: TransactionResult | null;
  rejection: TransactionRejection | null;
  amount: string | null;
  currency: string | null;
  store_id: string | null;
  store_name: string | null;
  occurred_at: string;
  settled_at: string | null;
}

// Times as text to the microsecond: a JavaScript Date would round created_at, and the timeline must order as Postgres does.
const micros = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const selectRows = `
  select t.id, t.business_id, t.card_id, c.customer_id, c.program_id, t.kind, t.status, t.result, t.rejection, t.amount, t.currency,
         t.store_id, s.name as store_name, ${micros('t.created_at')} as occurred_at, ${micros('t.applied_at')} as settled_at
    from loyalty.transactions t
    join loyalty.cards c on c.id = t.card_id
    left join business.stores s on s.id = t.store_id`;

const historyEntriesStatement = preparedStatement('history_entries', `${selectRows} where t.id = any(?::uuid[])`);

/** The history entries of the transactions given, as Postgres holds them now, by id; an id with no row is absent. */
export async function loadHistoryEntries(em: EntityManager, transactionIds: readonly string[]): Promise<Map<string, HistoryEntry>> {
  const rows = await executePrepared<HistoryRow>(em, historyEntriesStatement, [transactionIds]);
  return new Map(rows.map((row) => [row.id, toEntry(row)]));
}

/** One page of entries in id order after `afterId`, for the businesses given (all when null). */
export async function historyEntriesPage(
  em: EntityManager,
  businessIds: readonly string[] | null,
  afterId: string | null,
  limit: number,
): Promise<HistoryEntry[]> {
  const rows = await em.execute<HistoryRow[]>(
    `${selectRows}
      where (?::uuid is null or t.id > ?::uuid) and (?::uuid[] is null or t.business_id = any(?::uuid[]))
      order by t.id limit ?`,
    [afterId, afterId, businessIds && `{${businessIds.join(',')}}`, businessIds && `{${businessIds.join(',')}}`, limit],
  );
  return rows.map(toEntry);
}

/** What the customer sees of a row: the effect once applied, the code once rejected. */
function toEntry(row: HistoryRow): HistoryEntry {
  const applied = row.status === 'applied' ? row.result : null;
  return {
    transactionId: row.id,
    businessId: row.business_id,
    cardId: row.card_id,
    customerId: row.customer_id,
    programId: row.program_id,
    kind: row.kind,
    status: row.status,
    delta: applied?.delta ?? null,
    balanceAfter: applied?.balanceAfter ?? null,
    rejectionCode: row.status === 'rejected' ? (row.rejection?.code ?? null) : null,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    storeId: row.store_id,
    storeName: row.store_name,
    occurredAt: row.occurred_at,
    settledAt: row.settled_at,
  };
}
