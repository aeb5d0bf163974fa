/**
 * RFM segment thresholds (docs/analytics.md). Recency is days since the card's last customer activity
 * (visit, purchase or redemption; since enrolment when there was none), frequency the activities in
 * the last FREQUENCY_WINDOW_DAYS, monetary the purchase amount in that window (minor units). A card
 * takes the first segment whose rule it meets, in this order.
 */
export const FREQUENCY_WINDOW_DAYS = 90;
export const segmentRules = {
  champions: { maxRecencyDays: 14, minFrequency: 6, orMinSpend: 10_000 },
  new: { maxCardAgeDays: 30 },
  active: { maxRecencyDays: 30 },
  at_risk: { maxRecencyDays: 90 },
} as const;
export const segments = ['champions', 'new', 'active', 'at_risk', 'lapsed'] as const;

export const frequencyBuckets = [
  { bucket: '0', min: 0, max: 0 },
  { bucket: '1', min: 1, max: 1 },
  { bucket: '2-3', min: 2, max: 3 },
  { bucket: '4-7', min: 4, max: 7 },
  { bucket: '8+', min: 8, max: null },
] as const;

export const firstRewardBuckets = [
  { bucket: '0-7 days', min: 0, max: 7 },
  { bucket: '8-30 days', min: 8, max: 30 },
  { bucket: '31-90 days', min: 31, max: 90 },
  { bucket: '91+ days', min: 91, max: null },
] as const;

/** The SQL `case` that buckets `expression` (an integer) by the given buckets. */
export function bucketCase(expression: string, buckets: readonly { bucket: string; min: number; max: number | null }[]): string {
  const arms = buckets.map(({ bucket, min, max }) => `when ${expression} >= ${min}${max === null ? '' : ` and ${expression} <= ${max}`} then '${bucket}'`);
  return `case ${arms.join(' ')} end`;
}

/**
 * The points liability's value in minor units: what a customer spends to earn the outstanding points
 * at the program's current rate (points per whole currency unit). The programs carry no redemption
 * value of a point, so this is the one value the data supports; docs/analytics.md says so.
 */
export function liabilityValue(outstandingPoints: number, pointsPerUnit: number): number {
  return Math.round((outstandingPoints / pointsPerUnit) * 100);
}
