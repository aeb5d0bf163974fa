import { reject } from './rejection.js';

export interface RefundInput {
  /** What the purchase earned when it was applied. */
  earned: number;
  /** The purchase's amount, minor units. */
  amount: number;
  refundedBefore: number;
  refundAmount: number;
}

/**
 * Cumulative clawback: after each refund the total taken back is round(earned × refunded / amount),
 * so rounding never drifts across partial refunds and a full refund takes back exactly what was earned.
 */
export function clawbackForRefund({ earned, amount, refundedBefore, refundAmount }: RefundInput): number {
  const refundedAfter = refundedBefore + refundAmount;
  if (refundedAfter > amount) reject('REFUND_EXCEEDS_AMOUNT', `refunds would total ${refundedAfter}, more than the purchase's ${amount}`);
  const clawedBack = (refunded: number) => (amount === 0 ? 0 : Math.round((earned * refunded) / amount));
  return clawedBack(refundedAfter) - clawedBack(refundedBefore);
}
