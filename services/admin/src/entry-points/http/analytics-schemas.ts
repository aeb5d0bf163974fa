import { z } from 'zod';
import { businessParams } from './schemas.js';

const id = z.uuid();
const day = z.iso.date().meta({ description: 'YYYY-MM-DD, a day in the store’s time zone' });
const count = z.number().int();

/** The longest range one request may ask for: a year and a day (a leap year's worth, both ends included). */
export const MAX_RANGE_DAYS = 366;

function withinRange<T extends z.ZodObject<{ from: typeof day; to: typeof day }>>(schema: T): T {
  return schema
    .refine(({ from, to }) => from <= to, { message: '`from` must not be after `to`', path: ['to'] })
    .refine(({ from, to }) => (Date.parse(to) - Date.parse(from)) / 86_400_000 < MAX_RANGE_DAYS, {
      message: `at most ${MAX_RANGE_DAYS} days`,
      path: ['to'],
    });
}

export const summaryQuery = withinRange(z.object({ from: day, to: day, storeId: id.optional(), programId: id.optional() }));
export const storesQuery = withinRange(z.object({ from: day, to: day, programId: id.optional() }));
export const customersQuery = z.object({ programId: id });
export { businessParams as analyticsParams };

const metricFields = {
  visits: count,
  purchases: count,
  purchaseAmount: count.meta({ description: 'Minor units (cents) of the programs’ currency, before refunds' }),
  stampsIssued: count,
  pointsEarned: count,
  pointsRedeemed: count,
  pointsExpired: count,
  pointsReversed: count.meta({ description: 'Taken back by voids and refunds' }),
  rewardsUnlocked: count,
  rewardsRedeemed: count,
  newCards: count,
  activeCustomers: count.meta({ description: 'Distinct customers who visited, bought or redeemed' }),
};

export const dayMetrics = z.object({ day, ...metricFields }).meta({ id: 'AnalyticsDay' });

export const analyticsSummary = z
  .object({
    from: day,
    to: day,
    storeId: id.nullable(),
    programId: id.nullable(),
    ...metricFields,
    byDay: z.array(dayMetrics).meta({ description: 'Every day of the range, oldest first, zeros included' }),
  })
  .meta({ id: 'AnalyticsSummary' });

export const storeComparison = z
  .object({
    from: day,
    to: day,
    programId: id.nullable(),
    stores: z.array(
      z
        .object({
          storeId: id.nullable().meta({ description: 'null: what happened at no store (enrolments, expiry, store-less bonuses)' }),
          name: z.string().nullable(),
          ...metricFields,
        })
        .meta({ id: 'AnalyticsStore' }),
    ),
  })
  .meta({ id: 'AnalyticsStores' });

const distribution = z.array(z.object({ bucket: z.string(), cards: count }));

export const customerInsights = z
  .object({
    programId: id,
    computedAt: z.iso.datetime().nullable().meta({ description: 'When the scheduled job last computed these; null: not yet' }),
    cards: count,
    segments: z.object({ new: count, active: count, champions: count, atRisk: count, lapsed: count }),
    visitFrequency: distribution.meta({ description: 'Cards by customer visits (visits, purchases, redemptions) in the last 90 days' }),
    daysToFirstReward: z.object({
      cards: count.meta({ description: 'Cards that unlocked or redeemed at least one reward' }),
      median: z.number().nullable(),
      distribution,
    }),
    rewardRedemptionRate: z.number().nullable().meta({ description: 'Redeemed ÷ unlocked stamp rewards; null when none unlocked' }),
    rewardsUnlocked: count,
    rewardsRedeemed: count,
    pointsLiability: z.object({
      outstandingPoints: count,
      value: count
        .nullable()
        .meta({ description: 'Minor units of `currency`: the spend that would earn the outstanding points at the current rate; null for stamp programs' }),
      currency: z.string().nullable(),
    }),
  })
  .meta({ id: 'CustomerInsights' });
