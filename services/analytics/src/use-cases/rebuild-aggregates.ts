import { IsolationLevel, type QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@loyalty/db';
import { HOME_TIME_ZONE_SQL } from '../data-access/source-facts.js';
import { ACTIVE_CHUNK_BITS, ROLLUP } from '@loyalty/db/model';
import { customerActivities, NO_STORE } from '../domain/metrics.js';

export interface RebuildResult {
  businesses: number;
  cells: number;
  facts: number;
}

// The same facts as the incremental path (use-cases/count-event.ts with domain/metrics.ts), written
// as set queries over the source tables: the property test holds the two to one another.
const appliedTransactions = `
  select t.id, t.business_id, t.kind, t.amount, coalesce(t.store_id, :noStore::uuid) as store_id, c.program_id, c.customer_id, p.kind as program_kind,
         (t.created_at at time zone coalesce(s.time_zone, h.tz))::date as day
    from loyalty.transactions t
    join home h on h.business_id = t.business_id
    join loyalty.cards c on c.id = t.card_id
    join loyalty.programs p on p.id = c.program_id
    left join business.stores s on s.id = t.store_id
   where t.status = 'applied'`;

const cellRows = `
  with home as (select b.id as business_id, ${HOME_TIME_ZONE_SQL} as tz from business.businesses b where b.id = any(:businesses::uuid[])),
  tx as (${appliedTransactions}),
  ledger as (
    select e.transaction_id,
           coalesce(sum(e.amount) filter (where e.kind in ('earn', 'bonus')), 0) as earned,
           coalesce(-sum(e.amount) filter (where e.kind = 'spend'), 0) as spent,
           coalesce(-sum(e.amount) filter (where e.kind = 'reverse_earn'), 0) as reversed
      from loyalty.ledger_entries e
     where e.business_id = any(:businesses::uuid[]) and e.transaction_id is not null
     group by e.transaction_id),
  unlocked as (
    select r.transaction_id, count(*) as rewards
      from loyalty.rewards r
     where r.business_id = any(:businesses::uuid[]) and r.catalog_reward_id is null
     group by r.transaction_id),
  parts as (
    select tx.business_id, tx.day, tx.store_id, tx.program_id,
           (tx.kind = 'visit')::int as visits,
           (tx.kind = 'purchase')::int as purchases,
           case when tx.kind = 'purchase' then coalesce(tx.amount, 0) else 0 end as purchase_amount,
           case when tx.program_kind = 'stamp' then coalesce(l.earned, 0) else 0 end as stamps_issued,
           case when tx.program_kind = 'points' then coalesce(l.earned, 0) else 0 end as points_earned,
           case when tx.program_kind = 'points' then coalesce(l.spent, 0) else 0 end as points_redeemed,
           0 as points_expired,
           case when tx.program_kind = 'points' then coalesce(l.reversed, 0) else 0 end as points_reversed,
           coalesce(u.rewards, 0) as rewards_unlocked,
           (tx.kind = 'redemption')::int as rewards_redeemed,
           0 as new_cards
      from tx left join ledger l on l.transaction_id = tx.id left join unlocked u on u.transaction_id = tx.id
    union all
    select c.business_id, (c.created_at at time zone h.tz)::date, :noStore::uuid, c.program_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
      from loyalty.cards c join home h on h.business_id = c.business_id
    union all
    select e.business_id, (e.created_at at time zone h.tz)::date, :noStore::uuid, c.program_id, 0, 0, 0, 0, 0, 0, -e.amount, 0, 0, 0, 0
      from loyalty.ledger_entries e
      join home h on h.business_id = e.business_id
      join loyalty.cards c on c.id = e.card_id
      join loyalty.programs p on p.id = c.program_id
     where e.kind = 'expire' and p.kind = 'points')
  insert into analytics.daily_metrics (business_id, day, store_id, program_id, visits, purchases, purchase_amount, stamps_issued, points_earned,
                                       points_redeemed, points_expired, points_reversed, rewards_unlocked, rewards_redeemed, new_cards)
  select business_id, day, store_id, program_id, sum(visits), sum(purchases), sum(purchase_amount), sum(stamps_issued), sum(points_earned),
         sum(points_redeemed), sum(points_expired), sum(points_reversed), sum(rewards_unlocked), sum(rewards_redeemed), sum(new_cards)
    from parts group by business_id, day, store_id, program_id`;

const activeCustomers = `
  with home as (select b.id as business_id, ${HOME_TIME_ZONE_SQL} as tz from business.businesses b where b.id = any(:businesses::uuid[])),
  tx as (${appliedTransactions})
  insert into analytics.daily_customers (business_id, day, store_id, program_id, customer_id)
  select distinct business_id, day, store_id, program_id, customer_id from tx where kind = any(:activities::text[])`;

// Customers seen for the first time get the next ordinals (in order of first activity); those
// numbered before keep theirs, so the bitmaps come out as the incremental path set them.
const newOrdinals = `
  insert into analytics.customer_ordinals (business_id, customer_id, ordinal)
  select seen.business_id, seen.customer_id,
         coalesce(c.next_ordinal, 0) + row_number() over (partition by seen.business_id order by seen.first_day, seen.customer_id) - 1
    from (select d.business_id, d.customer_id, min(d.day) as first_day
            from analytics.daily_customers d
           where d.business_id = any(:businesses::uuid[])
             and not exists (select 1 from analytics.customer_ordinals o where o.business_id = d.business_id and o.customer_id = d.customer_id)
           group by d.business_id, d.customer_id) seen
    left join analytics.ordinal_counters c on c.business_id = seen.business_id`;

const ordinalCounters = `
  insert into analytics.ordinal_counters (business_id, next_ordinal)
  select business_id, max(ordinal) + 1 from analytics.customer_ordinals where business_id = any(:businesses::uuid[]) group by business_id
  on conflict (business_id) do update set next_ordinal = greatest(ordinal_counters.next_ordinal, excluded.next_ordinal)`;

const activeBitmaps = `
  insert into analytics.daily_active (business_id, store_id, program_id, day, chunk, members)
  select d.business_id, g.store_id, g.program_id, d.day, o.ordinal / ${ACTIVE_CHUNK_BITS}, bit_or(B'1'::bit(${ACTIVE_CHUNK_BITS}) >> (o.ordinal % ${ACTIVE_CHUNK_BITS}))
    from analytics.daily_customers d
    join analytics.customer_ordinals o on o.business_id = d.business_id and o.customer_id = d.customer_id
    cross join lateral (values (d.store_id, d.program_id), (d.store_id, :rollup::uuid), (:rollup::uuid, d.program_id), (:rollup::uuid, :rollup::uuid)) g (store_id, program_id)
   where d.business_id = any(:businesses::uuid[])
   group by d.business_id, g.store_id, g.program_id, d.day, o.ordinal / ${ACTIVE_CHUNK_BITS}`;

// Every fact the incremental path would claim, so that events still in the queue are not counted again.
const countedFacts = `
  insert into analytics.counted_facts (fact, business_id)
  select 'transaction:' || t.id, t.business_id from loyalty.transactions t where t.status = 'applied' and t.business_id = any(:businesses::uuid[])
  union all
  select 'card:' || c.id, c.business_id from loyalty.cards c where c.business_id = any(:businesses::uuid[])
  union all
  select distinct 'expiry:' || e.card_id || ':' || (extract(epoch from e.created_at) * 1000)::bigint, e.business_id
    from loyalty.ledger_entries e where e.kind = 'expire' and e.business_id = any(:businesses::uuid[])`;

/**
 * Recomputes the aggregates of the given businesses (all when none are given) from the source tables.
 * It locks `counted_facts` first and reads one snapshot (repeatable read): an event being counted
 * meanwhile either committed before the snapshot (and is recomputed) or waits and then finds its
 * fact counted. So the rebuild can run while the processor runs.
 */
export async function rebuildAggregates(em: EntityManager, businessIds?: readonly string[]): Promise<RebuildResult> {
  return em.transactional(
    async (tx) => {
      // Before any query: under repeatable read the snapshot is taken by the first query, so it sees every commit the lock waited for.
      await tx.execute('lock table analytics.counted_facts in exclusive mode');
      const businesses = businessIds ?? (await tx.execute<{ id: string }[]>('select id from business.businesses')).map((row) => row.id);
      const params = { businesses: `{${businesses.join(',')}}`, noStore: NO_STORE, rollup: ROLLUP, activities: `{${customerActivities.join(',')}}` };
      for (const table of ['daily_metrics', 'daily_customers', 'daily_active', 'counted_facts']) {
        await tx.execute(`delete from analytics.${table} where business_id = any(?::uuid[])`, [params.businesses]);
      }
      const cells = await executeNamed(tx, cellRows, params);
      await executeNamed(tx, activeCustomers, params);
      for (const sql of [newOrdinals, ordinalCounters, activeBitmaps]) await executeNamed(tx, sql, params);
      const facts = await executeNamed(tx, countedFacts, params);
      return { businesses: businesses.length, cells, facts };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ },
  );
}

/** The queries above name their parameters; MikroORM's `execute` takes positional ones. */
async function executeNamed(em: EntityManager, sql: string, params: Record<string, string>): Promise<number> {
  const values: string[] = [];
  const positional = sql.replace(/:(\w+)(?=::)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name}`);
    values.push(value);
    return '?';
  });
  const result = await em.execute<QueryResult>(positional, values, 'run');
  return result.affectedRows;
}
