import type { EntityManager } from '@loyalty/db';

interface InsightRow {
  cards: number;
  visit_frequency: { bucket: string; cards: number }[];
  days_to_first_reward: { cards: number; median: number | null; distribution: { bucket: string; cards: number }[] };
  rewards_unlocked: number;
  rewards_redeemed: number;
  outstanding_points: string;
  outstanding_value: string | null;
  currency: string | null;
  computed_at: Date;
}

/** What the analytics insights job last wrote for the program; zeros and `computedAt: null` before its first run. */
export async function insightsOf(em: EntityManager, programId: string) {
  const [row] = await em.execute<InsightRow[]>('select * from analytics.program_insights where program_id = ?', [programId]);
  const segmentRows = await em.execute<{ segment: string; customers: number }[]>(
    'select segment, customers from analytics.customer_segments where program_id = ?',
    [programId],
  );
  const segment = (name: string) => segmentRows.find((candidate) => candidate.segment === name)?.customers ?? 0;
  return {
    programId,
    computedAt: row ? new Date(row.computed_at).toISOString() : null,
    cards: row?.cards ?? 0,
    segments: { new: segment('new'), active: segment('active'), champions: segment('champions'), atRisk: segment('at_risk'), lapsed: segment('lapsed') },
    visitFrequency: row?.visit_frequency ?? [],
    daysToFirstReward: row?.days_to_first_reward ?? { cards: 0, median: null, distribution: [] },
    rewardRedemptionRate: row && row.rewards_unlocked > 0 ? row.rewards_redeemed / row.rewards_unlocked : null,
    rewardsUnlocked: row?.rewards_unlocked ?? 0,
    rewardsRedeemed: row?.rewards_redeemed ?? 0,
    pointsLiability: {
      outstandingPoints: Number(row?.outstanding_points ?? 0),
      value: row?.outstanding_value == null ? null : Number(row.outstanding_value),
      currency: row?.currency ?? null,
    },
  };
}
