import type { EntityManager } from '@loyalty/db';
import { metricNames, type Metrics } from '../domain/metrics.js';

/** One aggregate cell; `day` is computed by Postgres from `at` in `timeZone`, as the rebuild does. */
export interface Cell {
  businessId: string;
  at: Date;
  timeZone: string;
  storeId: string;
  programId: string;
}

export const metricColumns: Record<keyof Metrics, string> = {
  visits: 'visits',
  purchases: 'purchases',
  purchaseAmount: 'purchase_amount',
  stampsIssued: 'stamps_issued',
  pointsEarned: 'points_earned',
  pointsRedeemed: 'points_redeemed',
  pointsExpired: 'points_expired',
  pointsReversed: 'points_reversed',
  rewardsUnlocked: 'rewards_unlocked',
  rewardsRedeemed: 'rewards_redeemed',
  newCards: 'new_cards',
};

const columns = metricNames.map((name) => metricColumns[name]);
const upsertMetrics = `
  insert into analytics.daily_metrics (business_id, day, store_id, program_id, ${columns.join(', ')})
  values (?, (?::timestamptz at time zone ?)::date, ?, ?, ${columns.map(() => '?').join(', ')})
  on conflict (business_id, day, store_id, program_id) do update set
  ${columns.map((column) => `${column} = daily_metrics.${column} + excluded.${column}`).join(', ')}`;

/**
 * Claims a fact for counting. False when it was counted already, by this path or by a rebuild. The
 * insert waits while a rebuild holds the table (it locks it exclusively), then sees what it wrote.
 */
export async function claimFact(em: EntityManager, businessId: string, fact: string): Promise<boolean> {
  const rows = await em.execute<{ fact: string }[]>(
    'insert into analytics.counted_facts (fact, business_id) values (?, ?) on conflict (fact) do nothing returning fact',
    [fact, businessId],
  );
  return rows.length === 1;
}

export async function addMetrics(em: EntityManager, cell: Cell, metrics: Metrics): Promise<void> {
  await em.execute(upsertMetrics, [cell.businessId, cell.at, cell.timeZone, cell.storeId, cell.programId, ...metricNames.map((name) => metrics[name])]);
}

export async function addActiveCustomer(em: EntityManager, cell: Cell, customerId: string): Promise<void> {
  await em.execute(
    `insert into analytics.daily_customers (business_id, day, store_id, program_id, customer_id)
     values (?, (?::timestamptz at time zone ?)::date, ?, ?, ?) on conflict do nothing`,
    [cell.businessId, cell.at, cell.timeZone, cell.storeId, cell.programId, customerId],
  );
}
