import type { BusinessExportKind, ExportFilters } from '@loyalty/db/model';

export interface ExportQuery {
  sql: string;
  params: unknown[];
}

/**
 * One query per kind, in a stable order, limited to the business and the filters. A period is
 * `[from, to)` on when the row happened (recorded, enrolled, booked); a store limits transactions
 * and ledger entries of that store; a program limits everything to its cards. (`analytics` is the
 * summary's own read: analytics-days.ts.)
 */
export function exportQuery(kind: Exclude<BusinessExportKind, 'analytics'>, businessId: string, filters: ExportFilters): ExportQuery {
  const params = [businessId, filters.from ?? null, filters.to ?? null, filters.storeId ?? null, filters.programId ?? null];
  const period = (column: string) => `($2::timestamptz is null or ${column} >= $2::timestamptz) and ($3::timestamptz is null or ${column} < $3::timestamptz)`;
  const program = `($5::uuid is null or c.program_id = $5::uuid)`;
  switch (kind) {
    case 'transactions':
      return {
        sql: `select t.id, t.kind, t.status, t.pos_transaction_id, c.card_number, c.program_id, t.store_id, s.name as store_name,
                     t.amount::text as amount, t.currency, (t.result->>'delta')::int as delta, t.created_at as recorded_at, t.applied_at as settled_at
                from loyalty.transactions t
                join loyalty.cards c on c.id = t.card_id
                left join business.stores s on s.id = t.store_id
               where t.business_id = $1::uuid and ${period('t.created_at')} and ($4::uuid is null or t.store_id = $4::uuid) and ${program}
               order by t.created_at, t.id`,
        params,
      };
    case 'customers':
      return {
        sql: `select c.id as card_id, c.card_number, c.program_id, p.name as program_name, c.status as card_status, c.balance, c.tier,
                     c.completed_cards, c.created_at as enrolled_at, cu.id as customer_id, cu.display_name, cu.email, cu.phone, cu.locale, cu.consents
                from loyalty.cards c
                join loyalty.programs p on p.id = c.program_id
                join customer.customers cu on cu.id = c.customer_id
               where c.business_id = $1::uuid and ${period('c.created_at')} and $4::uuid is null and ${program}
               order by c.created_at, c.id`,
        params,
      };
    case 'ledger':
      return {
        sql: `select l.id, c.card_number, c.program_id, l.kind, l.amount, l.transaction_id, l.lot_id, t.store_id, l.created_at
                from loyalty.ledger_entries l
                join loyalty.cards c on c.id = l.card_id
                left join loyalty.transactions t on t.id = l.transaction_id
               where l.business_id = $1::uuid and ${period('l.created_at')} and ($4::uuid is null or t.store_id = $4::uuid) and ${program}
               order by l.created_at, l.id`,
        params,
      };
  }
}

/**
 * Everything held about one customer, a record per row in one consistent read: the profile with its
 * consents, then their cards, transactions, ledger entries, rewards and point lots, each oldest first.
 */
export function personalDataQuery(customerId: string): ExportQuery {
  const card = 'card_id in (select id from loyalty.cards where customer_id = $1::uuid)';
  return {
    sql: `select record, data from (
            select 0 as section, 'profile' as record, cu.created_at as at, cu.id,
                   jsonb_build_object('id', cu.id, 'email', cu.email, 'display_name', cu.display_name, 'phone', cu.phone, 'locale', cu.locale,
                                      'consents', cu.consents, 'created_at', cu.created_at, 'deleted_at', cu.deleted_at) as data
              from customer.customers cu where cu.id = $1::uuid
            union all select 1, 'card', c.created_at, c.id, to_jsonb(c) from loyalty.cards c where c.customer_id = $1::uuid
            union all select 2, 'transaction', t.created_at, t.id, to_jsonb(t) from loyalty.transactions t where t.${card}
            union all select 3, 'ledgerEntry', l.created_at, l.id, to_jsonb(l) from loyalty.ledger_entries l where l.${card}
            union all select 4, 'reward', r.unlocked_at, r.id, to_jsonb(r) from loyalty.rewards r where r.${card}
            union all select 5, 'lot', o.created_at, o.id, to_jsonb(o) from loyalty.lots o where o.${card}
          ) records
          order by section, at, id`,
    params: [customerId],
  };
}
