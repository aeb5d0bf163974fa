import type { PointsRules } from '@loyalty/db/model';
import type { PurchaseDetails } from './transaction-details.js';

/** What of a purchase earns points: no gift cards, nothing paid with points, never below zero. */
export function eligibleAmount(amount: number, details: PurchaseDetails): number {
  const base = details.lines ? details.lines.filter((line) => !line.giftCard).reduce((sum, line) => sum + line.amount, 0) : amount;
  return Math.max(0, base - details.paidWithPoints);
}

// Money and multipliers make binary fractions (e.g. 1.1 × 100): a tolerance keeps exact results exact.
const EPSILON = 1e-9;

export function roundPoints(value: number, rounding: PointsRules['rounding']): number {
  switch (rounding) {
    case 'down':
      return Math.floor(value + EPSILON);
    case 'up':
      return Math.ceil(value - EPSILON);
    case 'nearest':
      return Math.round(value + EPSILON);
  }
}

export interface PointsEarned {
  points: number;
  note?: 'BELOW_MINIMUM_AMOUNT';
}

export function pointsForPurchase(
  eligible: number,
  rules: Pick<PointsRules, 'pointsPerUnit' | 'rounding' | 'minimumAmount'>,
  multiplier: number,
): PointsEarned {
  if (eligible < rules.minimumAmount) return { points: 0, note: 'BELOW_MINIMUM_AMOUNT' };
  return { points: roundPoints((eligible / 100) * rules.pointsPerUnit * multiplier, rules.rounding) };
}
