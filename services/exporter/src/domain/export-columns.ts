import { dailyMetricNames, type Consents } from '@loyalty/db/model';
import type { Cell } from './csv.js';
import { sharedProfile } from './customer-profile.js';
import { majorUnits } from './money.js';

/** Rows as the exporter's queries return them (node-pg: bigint as string, timestamptz as Date). */
export interface TransactionRow {
  id: string;
  kind: string;
  status: string;
  pos_transaction_id: string;
  card_number: string;
  program_id: string;
  store_id: string | null;
  store_name: string | null;
  amount: string | null;
  currency: string | null;
  delta: number | null;
  recorded_at: Date;
  settled_at: Date | null;
}

export interface CustomerRow {
  card_id: string;
  card_number: string;
  program_id: string;
  program_name: string;
  card_status: string;
  balance: number;
  tier: string | null;
  completed_cards: number;
  enrolled_at: Date;
  customer_id: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
  consents: Consents;
}

export interface LedgerRow {
  id: string;
  card_number: string;
  program_id: string;
  kind: string;
  amount: number;
  transaction_id: string | null;
  lot_id: string | null;
  store_id: string | null;
  created_at: Date;
}

export interface Columns<R> {
  names: readonly string[];
  cells: (row: R) => Cell[];
}

const text = (value: string | null): Cell => ({ type: 'text', value });
const number = (value: string | number | null): Cell => ({ type: 'number', value });
const time = (value: Date | null): Cell => ({ type: 'time', value });

export const transactionColumns: Columns<TransactionRow> = {
  names: [
    'transactionId',
    'kind',
    'status',
    'posTransactionId',
    'cardNumber',
    'programId',
    'storeId',
    'storeName',
    'amount',
    'currency',
    'delta',
    'recordedAt',
    'settledAt',
  ],
  cells: (row) => [
    text(row.id),
    text(row.kind),
    text(row.status),
    text(row.pos_transaction_id),
    text(row.card_number),
    text(row.program_id),
    text(row.store_id),
    text(row.store_name),
    number(row.amount !== null && row.currency !== null ? majorUnits(row.amount, row.currency) : null),
    text(row.currency),
    number(row.delta),
    time(row.recorded_at),
    time(row.settled_at),
  ],
};

export const customerColumns: Columns<CustomerRow> = {
  names: [
    'cardId',
    'cardNumber',
    'programId',
    'programName',
    'cardStatus',
    'balance',
    'tier',
    'completedCards',
    'enrolledAt',
    'customerId',
    'displayName',
    'email',
    'phone',
    'locale',
  ],
  cells: (row) => {
    const profile = sharedProfile({ displayName: row.display_name, email: row.email, phone: row.phone, locale: row.locale, consents: row.consents });
    return [
      text(row.card_id),
      text(row.card_number),
      text(row.program_id),
      text(row.program_name),
      text(row.card_status),
      number(row.balance),
      text(row.tier),
      number(row.completed_cards),
      time(row.enrolled_at),
      text(row.customer_id),
      text(profile.displayName),
      text(profile.email),
      text(profile.phone),
      text(profile.locale),
    ];
  },
};

export const ledgerColumns: Columns<LedgerRow> = {
  names: ['entryId', 'cardNumber', 'programId', 'kind', 'amount', 'transactionId', 'lotId', 'storeId', 'createdAt'],
  cells: (row) => [
    text(row.id),
    text(row.card_number),
    text(row.program_id),
    text(row.kind),
    number(row.amount),
    text(row.transaction_id),
    text(row.lot_id),
    text(row.store_id),
    time(row.created_at),
  ],
};

const analyticsMetrics = [...dailyMetricNames, 'activeCustomers'] as const;
export type AnalyticsDayRow = { day: string } & Record<(typeof analyticsMetrics)[number], number>;

/** The summary's `byDay` rows under the summary's own names; `purchaseAmount` in minor units as there: the aggregates keep no currency. */
export const analyticsColumns: Columns<AnalyticsDayRow> = {
  names: ['day', ...analyticsMetrics],
  cells: (row) => [text(row.day), ...analyticsMetrics.map((metric) => number(row[metric]))],
};

/** One record of a customer's own data: what it is (`profile`, `card`, `transaction`...) and its columns as stored. */
export interface PersonalDataRow {
  record: string;
  data: Record<string, unknown>;
}

/** A JSON line per record, `{"record": ..., ...columns}` with the columns camel-cased like the API's names. */
export function personalDataLine(row: PersonalDataRow): string {
  const fields = Object.entries(row.data).map(([name, value]) => [name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase()), value]);
  return `${JSON.stringify({ record: row.record, ...Object.fromEntries(fields) })}\n`;
}
