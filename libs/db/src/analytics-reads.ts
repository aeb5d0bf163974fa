import type { EntityManager } from '@mikro-orm/postgresql';
import { dailyMetricNames, NO_STORE, ROLLUP } from './entities/analytics-vocabulary.js';

/**
 * `@loyalty/db/analytics`: the reads of the analytics aggregates that the admin API serves and the
 * exporter writes out (the `analytics` export is `summaryOf(…).byDay`).
 */

export const metricKeys = [...dailyMetricNames, 'activeCustomers'] as const;
export type MetricTotals = Record<(typeof metricKeys)[number], number>;

export interface AnalyticsFilter {
  businessId: string;
  from: string;
  to: string;
  storeId?: string | undefined;
  programId?: string | undefined;
}

const sums = `coalesce(sum(m.visits), 0) as "visits", coalesce(sum(m.purchases), 0) as "purchases", coalesce(sum(m.purchase_amount), 0) as "purchaseAmount",
  coalesce(sum(m.stamps_issued), 0) as "stampsIssued", coalesce(sum(m.points_earned), 0) as "pointsEarned", coalesce(sum(m.points_redeemed), 0) as "pointsRedeemed",
  coalesce(sum(m.points_expired), 0) as "pointsExpired", coalesce(sum(m.points_reversed), 0) as "pointsReversed",
  coalesce(sum(m.rewards_unlocked), 0) as "rewardsUnlocked", coalesce(sum(m.rewards_redeemed), 0) as "rewardsRedeemed", coalesce(sum(m.new_cards), 0) as "newCards"`;

const cellFilter = (alias: string) =>
  `${alias}.business_id = ? and ${alias}.day between ?::date and ?::date and (?::uuid is null or ${alias}.store_id = ?::uuid) and (?::uuid is null or ${alias}.program_id = ?::uuid)`;
const cellParams = (filter: AnalyticsFilter) => [
  filter.businessId,
  filter.from,
  filter.to,
  filter.storeId ?? null,
  filter.storeId ?? null,
  filter.programId ?? null,
  filter.programId ?? null,
];

type Row = Record<string, string | number | null>;
const toTotals = (row: Row | undefined): MetricTotals => Object.fromEntries(metricKeys.map((key) => [key, Number(row?.[key] ?? 0)])) as MetricTotals;

export interface DayTotals extends MetricTotals {
  day: string;
}

/** The bitmap rows of the filter's grain: a store, a program, both, or neither (their roll-ups). */
const activeFilter = `a.business_id = ? and a.store_id = coalesce(?::uuid, '${ROLLUP}') and a.program_id = coalesce(?::uuid, '${ROLLUP}') and a.day between ?::date and ?::date`;

/**
 * Per day of the range (every day, zeros included), then the range's totals, in one query. Active
 * customers are distinct over each span: a day's figure counts the bits of its rows, the range's
 * the bits of their OR, chunk by chunk.
 */
export async function summaryOf(em: EntityManager, filter: AnalyticsFilter): Promise<{ totals: MetricTotals; byDay: DayTotals[] }> {
  const days = await em.execute<Row[]>(
    `with metrics as (select m.day as metric_day, ${sums} from analytics.daily_metrics m where ${cellFilter('m')} group by m.day),
          active as (select a.day, a.chunk, a.members from analytics.daily_active a where ${activeFilter}),
          active_by_day as (select day, sum(bit_count(members)) as "activeCustomers" from active group by day),
          active_in_range as (select coalesce(sum(bit_count(members)), 0) as "rangeActiveCustomers" from (select bit_or(members) as members from active group by chunk) chunks)
     select d::date::text as day, metrics.*, coalesce(active_by_day."activeCustomers", 0) as "activeCustomers", active_in_range."rangeActiveCustomers"
       from generate_series(?::date, ?::date, interval '1 day') d
       left join metrics on metrics.metric_day = d::date
       left join active_by_day on active_by_day.day = d::date
       cross join active_in_range
      order by d`,
    [...cellParams(filter), filter.businessId, filter.storeId ?? null, filter.programId ?? null, filter.from, filter.to, filter.from, filter.to],
  );
  const byDay = days.map((row) => ({ day: String(row.day), ...toTotals(row) }));
  const totals = toTotals(undefined);
  for (const day of byDay) for (const key of metricKeys) totals[key] += day[key];
  totals.activeCustomers = Number(days[0]?.rangeActiveCustomers ?? 0);
  return { totals, byDay };
}

export interface StoreTotals extends MetricTotals {
  storeId: string | null;
  name: string | null;
}

/** One row per store of the business (zeros for a quiet one), then the no-store row when anything happened there. */
export async function storeTotalsOf(em: EntityManager, filter: AnalyticsFilter, storeIds: readonly string[] | null): Promise<StoreTotals[]> {
  const rows = await em.execute<Row[]>(
    `with metrics as (select m.store_id, ${sums} from analytics.daily_metrics m where ${cellFilter('m')} group by m.store_id),
          active as (select store_id, sum(bit_count(members)) as "activeCustomers"
                       from (select a.store_id, bit_or(a.members) as members from analytics.daily_active a
                              where a.business_id = ? and a.store_id <> '${ROLLUP}' and a.program_id = coalesce(?::uuid, '${ROLLUP}') and a.day between ?::date and ?::date
                              group by a.store_id, a.chunk) chunks
                      group by store_id),
          stores as (select s.id, s.name, s.created_at from business.stores s where s.business_id = ?
                     union all select ?::uuid, null, null where exists (select 1 from metrics where metrics.store_id = ?::uuid))
     select stores.id as "storeId", stores.name, metrics.*, coalesce(active."activeCustomers", 0) as "activeCustomers"
       from stores
       left join metrics on metrics.store_id = stores.id
       left join active on active.store_id = stores.id
      where ?::uuid[] is null or stores.id = any(?::uuid[])
      order by stores.created_at nulls last, stores.id`,
    [
      ...cellParams({ ...filter, storeId: undefined }),
      filter.businessId,
      filter.programId ?? null,
      filter.from,
      filter.to,
      filter.businessId,
      NO_STORE,
      NO_STORE,
      storeIds ? `{${storeIds.join(',')}}` : null,
      storeIds ? `{${storeIds.join(',')}}` : null,
    ],
  );
  return rows.map((row) => ({
    storeId: row.storeId === NO_STORE ? null : String(row.storeId),
    name: row.name === null ? null : String(row.name),
    ...toTotals(row),
  }));
}

/** The first and last day with figures of a business (within a store, a program), null when it has none. */
export async function daysWithFiguresOf(em: EntityManager, filter: Omit<AnalyticsFilter, 'from' | 'to'>): Promise<{ first: string; last: string } | null> {
  const [row] = await em.execute<{ first: string | null; last: string | null }[]>(
    `select min(m.day)::text as first, max(m.day)::text as last from analytics.daily_metrics m
      where m.business_id = ? and (?::uuid is null or m.store_id = ?::uuid) and (?::uuid is null or m.program_id = ?::uuid)`,
    [filter.businessId, filter.storeId ?? null, filter.storeId ?? null, filter.programId ?? null, filter.programId ?? null],
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}
