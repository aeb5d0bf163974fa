/** The additive daily metrics of the `analytics` schema, in the order of the summary's fields. */
export const dailyMetricNames = [
  'visits',
  'purchases',
  'purchaseAmount',
  'stampsIssued',
  'pointsEarned',
  'pointsRedeemed',
  'pointsExpired',
  'pointsReversed',
  'rewardsUnlocked',
  'rewardsRedeemed',
  'newCards',
] as const;
export type DailyMetricName = (typeof dailyMetricNames)[number];

/** The analytics schema's store id for what happened at no store (enrolments, expiry). */
export const NO_STORE = '00000000-0000-0000-0000-000000000000';

/** The store or program id of `analytics.daily_active` rows that span every store or every program of the business. */
export const ROLLUP = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/**
 * Customers per row of `analytics.daily_active`: the customer with ordinal n (per business) is bit
 * `n % ACTIVE_CHUNK_BITS`, counted from the left, of chunk `n / ACTIVE_CHUNK_BITS`.
 */
export const ACTIVE_CHUNK_BITS = 4096;
