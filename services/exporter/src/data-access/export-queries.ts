import type { ExportFilters } from '@loyalty/db/model';
import type { ProducedKind } from '../domain/export-columns.js';

export interface ExportQuery {
  sql: string;
  params: unknown[];
}

/**
 * One query per kind, in a stable order, limited to the business and the filters. A period is
 * `[from, to)` on when the row happened (recorded, enrolled, booked); a store limits transactions
 * and ledger entries of that store; a program limits everything to its cards.
 */
export function exportQuery(kind: ProducedKind, businessId: string, filters: ExportFilters): ExportQuery {
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
