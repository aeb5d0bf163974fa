import { executePrepared, preparedStatement, type EntityManager } from '@loyalty/db';
import { ACTIVE_CHUNK_BITS, ROLLUP } from '@loyalty/db/model';
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
// One row per cell whatever the number of contributions (ON CONFLICT may touch a row once a statement),
// in key order so that two transactions lock the cells they share in the same order.
const upsertMetrics = preparedStatement(
  'analytics_add_metrics',
  `insert into analytics.daily_metrics (business_id, day, store_id, program_id, ${columns.join(', ')})
   select business_id, (at at time zone time_zone)::date, store_id, program_id, ${columns.map((column) => `sum(${column})`).join(', ')}
     from unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::uuid[], ?::uuid[], ${columns.map(() => '?::bigint[]').join(', ')})
          as c (business_id, at, time_zone, store_id, program_id, ${columns.join(', ')})
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
  on conflict (business_id, day, store_id, program_id) do update set
  ${columns.map((column) => `${column} = daily_metrics.${column} + excluded.${column}`).join(', ')}`,
);

/** What a transaction's events add to the cells, written by `addMetrics` last, when every event has been counted. */
export type MetricsTally = { cell: Cell; metrics: Metrics }[];

const claimFactsStatement = preparedStatement(
  'analytics_claim_facts',
  `insert into analytics.counted_facts (fact, business_id)
   select * from unnest(?::text[], ?::uuid[]) on conflict (fact) do nothing returning fact`,
);

/**
 * Claims facts for counting; answers those claimed now. One that is missing was counted already, by
 * this path or by a rebuild. The insert waits while a rebuild holds the table (it locks it
 * exclusively), then sees what it wrote.
 */
export async function claimFacts(em: EntityManager, facts: readonly { fact: string; businessId: string }[]): Promise<Set<string>> {
  if (facts.length === 0) return new Set();
  const rows = await executePrepared<{ fact: string }>(em, claimFactsStatement, [facts.map(({ fact }) => fact), facts.map(({ businessId }) => businessId)]);
  return new Set(rows.map((row) => row.fact));
}

/** Adds the tally to its cells in one statement: each cell's row stays locked until the commit. */
export async function addMetrics(em: EntityManager, tally: MetricsTally): Promise<void> {
  if (tally.length === 0) return;
  const cells = tally.map(({ cell }) => cell);
  await executePrepared(em, upsertMetrics, [
    cells.map((cell) => cell.businessId),
    cells.map((cell) => cell.at),
    cells.map((cell) => cell.timeZone),
    cells.map((cell) => cell.storeId),
    cells.map((cell) => cell.programId),
    ...metricNames.map((name) => tally.map(({ metrics }) => metrics[name])),
  ]);
}

/**
 * Adds the customer to the cell's set of active customers, and the first time in that cell and day
 * sets their bit in the day's bitmaps: the cell's and its roll-ups to every store and every program.
 */
export async function addActiveCustomer(em: EntityManager, cell: Cell, customerId: string): Promise<void> {
  const [added] = await em.execute<{ day: string }[]>(
    `insert into analytics.daily_customers (business_id, day, store_id, program_id, customer_id)
     values (?, (?::timestamptz at time zone ?)::date, ?, ?, ?) on conflict do nothing returning day::text as day`,
    [cell.businessId, cell.at, cell.timeZone, cell.storeId, cell.programId, customerId],
  );
  if (!added) return;
  const ordinal = await customerOrdinal(em, cell.businessId, customerId);
  await em.execute(
    `insert into analytics.daily_active (business_id, store_id, program_id, day, chunk, members)
     select ?, g.store_id, g.program_id, ?::date, ?, set_bit(B'0'::bit(${ACTIVE_CHUNK_BITS}), ?, 1)
       from (values (?::uuid, ?::uuid), (?::uuid, ?::uuid), (?::uuid, ?::uuid), (?::uuid, ?::uuid)) g (store_id, program_id)
     on conflict (business_id, store_id, program_id, day, chunk) do update set members = set_bit(daily_active.members, ?, 1)`,
    [
      cell.businessId,
      added.day,
      Math.floor(ordinal / ACTIVE_CHUNK_BITS),
      ordinal % ACTIVE_CHUNK_BITS,
      ...[cell.storeId, cell.programId, cell.storeId, ROLLUP, ROLLUP, cell.programId, ROLLUP, ROLLUP],
      ordinal % ACTIVE_CHUNK_BITS,
    ],
  );
}

/**
 * The customer's dense number within the business, given on first sight. The counter row serialises
 * new customers of one business until their transactions commit; one that lost the race to a
 * concurrent first sight of the same customer finds that one's number (its own leaves a gap).
 */
async function customerOrdinal(em: EntityManager, businessId: string, customerId: string): Promise<number> {
  const known = () =>
    em.execute<{ ordinal: number }[]>('select ordinal from analytics.customer_ordinals where business_id = ? and customer_id = ?', [businessId, customerId]);
  const [existing] = await known();
  if (existing) return existing.ordinal;
  const [assigned] = await em.execute<{ ordinal: number }[]>(
    `with next as (
       insert into analytics.ordinal_counters (business_id, next_ordinal) values (?, 1)
       on conflict (business_id) do update set next_ordinal = ordinal_counters.next_ordinal + 1
       returning next_ordinal - 1 as ordinal)
     insert into analytics.customer_ordinals (business_id, customer_id, ordinal) select ?, ?, ordinal from next
     on conflict (business_id, customer_id) do nothing returning ordinal`,
    [businessId, businessId, customerId],
  );
  if (assigned) return assigned.ordinal;
  const [theirs] = await known();
  if (!theirs) throw new Error(`no ordinal for customer ${customerId} of business ${businessId}`);
  return theirs.ordinal;
}
