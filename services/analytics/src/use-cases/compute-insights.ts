import type { EntityManager } from '@loyalty/db';
import { customerActivities } from '../domain/metrics.js';
import {
  bucketCase,
  FREQUENCY_WINDOW_DAYS,
  firstRewardBuckets,
  frequencyBuckets,
  liabilityValue,
  segmentRules as rules,
  segments,
} from '../domain/segments.js';

export interface InsightsRun {
  programs: number;
  cards: number;
}

// One row per card of the programs, as of ?now: recency, age, frequency and spend in the window, first reward, balance.
const cardFacts = `
  create temporary table insight_cards on commit drop as
  select c.id, c.program_id, c.balance,
         extract(day from ?::timestamptz - coalesce(a.last_at, c.created_at))::int as recency,
         extract(day from ?::timestamptz - c.created_at)::int as age,
         coalesce(a.recent, 0)::int as frequency,
         coalesce(a.spend, 0)::bigint as spend,
         extract(day from r.first_at - c.created_at)::int as days_to_first_reward
    from loyalty.cards c
    left join lateral (
      select max(t.created_at) as last_at,
             count(*) filter (where t.created_at > ?::timestamptz - interval '${FREQUENCY_WINDOW_DAYS} days') as recent,
             sum(t.amount) filter (where t.kind = 'purchase' and t.created_at > ?::timestamptz - interval '${FREQUENCY_WINDOW_DAYS} days') as spend
        from loyalty.transactions t
       where t.card_id = c.id and t.status = 'applied' and t.kind = any(?::text[]) and t.created_at <= ?::timestamptz) a on true
    left join lateral (select min(w.unlocked_at) as first_at from loyalty.rewards w where w.card_id = c.id and w.unlocked_at <= ?::timestamptz) r on true
   where c.program_id = any(?::uuid[]) and c.created_at <= ?::timestamptz`;

const segmentCase = `case
    when recency <= ${rules.champions.maxRecencyDays} and (frequency >= ${rules.champions.minFrequency} or spend >= ${rules.champions.orMinSpend}) then 'champions'
    when age <= ${rules.new.maxCardAgeDays} then 'new'
    when recency <= ${rules.active.maxRecencyDays} then 'active'
    when recency <= ${rules.at_risk.maxRecencyDays} then 'at_risk'
    else 'lapsed' end`;

interface ProgramRow {
  id: string;
  business_id: string;
  kind: 'stamp' | 'points';
  rules: { currency?: string; pointsPerUnit?: number };
}
type Counts = Map<string, Record<string, number>>;

async function countsBy(em: EntityManager, sql: string, params: unknown[] = []): Promise<Counts> {
  const rows = await em.execute<{ program_id: string; key: string; n: string | null }[]>(sql, params);
  const counts: Counts = new Map();
  for (const row of rows) if (row.n !== null) counts.set(row.program_id, { ...counts.get(row.program_id), [row.key]: Number(row.n) });
  return counts;
}

/**
 * Computes the customer insights of every program (of the given businesses, or all) into the analytics
 * tables, replacing the last run's in one commit. A scheduled job: the API only reads what it wrote.
 */
export async function computeInsights(em: EntityManager, now: Date = new Date(), businessIds?: readonly string[]): Promise<InsightsRun> {
  return em.transactional(async (tx) => {
    const scope = businessIds ? `{${businessIds.join(',')}}` : null;
    const programs = await tx.execute<ProgramRow[]>(
      'select id, business_id, kind, rules from loyalty.programs where ?::uuid[] is null or business_id = any(?::uuid[])',
      [scope, scope],
    );
    if (programs.length === 0) return { programs: 0, cards: 0 };
    const programIds = `{${programs.map((program) => program.id).join(',')}}`;
    await tx.execute(cardFacts, [now, now, now, now, `{${customerActivities.join(',')}}`, now, now, programIds, now]);

    const bySegment = await countsBy(tx, `select program_id, ${segmentCase} as key, count(*) as n from insight_cards group by 1, 2`);
    const byFrequency = await countsBy(
      tx,
      `select program_id, ${bucketCase('frequency', frequencyBuckets)} as key, count(*) as n from insight_cards group by 1, 2`,
    );
    const byFirstReward = await countsBy(
      tx,
      `select program_id, ${bucketCase('days_to_first_reward', firstRewardBuckets)} as key, count(*) as n
         from insight_cards where days_to_first_reward is not null group by 1, 2`,
    );
    const totals = await countsBy(
      tx,
      `select program_id, unnest(array['cards', 'balance', 'median']) as key,
              unnest(array[count(*), sum(balance), percentile_cont(0.5) within group (order by days_to_first_reward)]) as n
         from insight_cards group by 1`,
    );
    const rewards = await countsBy(
      tx,
      `select program_id, unnest(array['unlocked', 'redeemed']) as key,
              unnest(array[count(*), count(*) filter (where status = 'redeemed')]) as n
         from loyalty.rewards where program_id = any(?::uuid[]) and catalog_reward_id is null and unlocked_at <= ? group by 1`,
      [programIds, now],
    );

    await tx.execute('delete from analytics.customer_segments where program_id = any(?::uuid[])', [programIds]);
    await tx.execute('delete from analytics.program_insights where program_id = any(?::uuid[])', [programIds]);
    let cards = 0;
    for (const program of programs) {
      const total = totals.get(program.id) ?? {};
      cards += total.cards ?? 0;
      for (const segment of segments) {
        await tx.execute('insert into analytics.customer_segments (program_id, business_id, segment, customers, computed_at) values (?, ?, ?, ?, ?)', [
          program.id,
          program.business_id,
          segment,
          bySegment.get(program.id)?.[segment] ?? 0,
          now,
        ]);
      }
      const distribution = (counts: Counts, buckets: readonly { bucket: string }[]) =>
        buckets.map(({ bucket }) => ({ bucket, cards: counts.get(program.id)?.[bucket] ?? 0 }));
      const firstRewards = distribution(byFirstReward, firstRewardBuckets);
      const outstanding = program.kind === 'points' ? (total.balance ?? 0) : 0;
      await tx.execute(
        `insert into analytics.program_insights (program_id, business_id, program_kind, cards, visit_frequency, days_to_first_reward,
           rewards_unlocked, rewards_redeemed, outstanding_points, outstanding_value, currency, computed_at)
         values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)`,
        [
          program.id,
          program.business_id,
          program.kind,
          total.cards ?? 0,
          JSON.stringify(distribution(byFrequency, frequencyBuckets)),
          JSON.stringify({
            cards: firstRewards.reduce((sum, bucket) => sum + bucket.cards, 0),
            median: total.median ?? null,
            distribution: firstRewards,
          }),
          rewards.get(program.id)?.unlocked ?? 0,
          rewards.get(program.id)?.redeemed ?? 0,
          outstanding,
          program.kind === 'points' ? liabilityValue(outstanding, program.rules.pointsPerUnit ?? 1) : null,
          program.kind === 'points' ? (program.rules.currency ?? null) : null,
          now,
        ],
      );
    }
    return { programs: programs.length, cards };
  });
}
