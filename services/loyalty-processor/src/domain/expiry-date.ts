import type { PointsExpiry } from '@loyalty/db/model';

const DAY_MS = 86_400_000;

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Adds calendar months in UTC, keeping the time of day; the 31st of a shorter month becomes its last day. */
export function addMonths(at: Date, months: number): Date {
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  target.setUTCHours(at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds());
  return target;
}

/** When points earned at `earnedAt` expire; null when they never do. */
export function pointsExpiryDate(expiry: PointsExpiry, earnedAt: Date): Date | null {
  switch (expiry.type) {
    case 'never':
      return null;
    case 'after':
      if (expiry.unit === 'days') return addDays(earnedAt, expiry.amount);
      return addMonths(earnedAt, expiry.unit === 'months' ? expiry.amount : expiry.amount * 12);
    case 'endOf':
      return expiry.unit === 'month'
        ? new Date(Date.UTC(earnedAt.getUTCFullYear(), earnedAt.getUTCMonth() + 1, 1) - 1)
        : new Date(Date.UTC(earnedAt.getUTCFullYear() + 1, 0, 1) - 1);
  }
}

export function stampExpiryDate(stampValidityDays: number | null, earnedAt: Date): Date | null {
  return stampValidityDays === null ? null : addDays(earnedAt, stampValidityDays);
}
