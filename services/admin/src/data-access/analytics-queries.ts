import type { EntityManager } from '@loyalty/db';
import { dailyMetricNames, NO_STORE } from '@loyalty/db/model';

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

/** Per day of the range (every day, zeros included), then the range's totals; active customers are distinct over each span. */
export async function summaryOf(em: EntityManager, filter: AnalyticsFilter): Promise<{ totals: MetricTotals; byDay: DayTotals[] }> {
  const days = await em.execute<Row[]>(
    `with metrics as (select m.day as metric_day, ${sums} from analytics.daily_metrics m where ${cellFilter('m')} group by m.day),
          active as (select a.day, count(distinct a.customer_id) as "activeCustomers" from analytics.daily_customers a where ${cellFilter('a')} group by a.day)
     select d::date::text as day, metrics.*, coalesce(active."activeCustomers", 0) as "activeCustomers"
       from generate_series(?::date, ?::date, interval '1 day') d
       left join metrics on metrics.metric_day = d::date
       left join active on active.day = d::date
      order by d`,
    [...cellParams(filter), ...cellParams(filter), filter.from, filter.to],
  );
  const [active] = await em.execute<Row[]>(
    `select count(distinct a.customer_id) as "activeCustomers" from analytics.daily_customers a where ${cellFilter('a')}`,
    cellParams(filter),
  );
  const byDay = days.map((row) => ({ day: String(row.day), ...toTotals(row) }));
  const totals = toTotals(undefined);
  for (const day of byDay) for (const key of metricKeys) totals[key] += day[key];
  totals.activeCustomers = Number(active?.activeCustomers ?? 0);
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
          active as (select a.store_id, count(distinct a.customer_id) as "activeCustomers" from analytics.daily_customers a where ${cellFilter('a')} group by a.store_id),
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
      ...cellParams({ ...filter, storeId: undefined }),
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
