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
