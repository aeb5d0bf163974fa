import type { TransactionKind } from '@loyalty/db/model';

/** Which transactions a void or a refund may point at; the processor decides everything about balances. */
export const reversibleKinds = {
  void: ['visit', 'purchase', 'bonus', 'redemption'],
  refund: ['purchase'],
} as const satisfies Record<'void' | 'refund', readonly TransactionKind[]>;

export function canReverse(reversal: 'void' | 'refund', target: TransactionKind): boolean {
  return (reversibleKinds[reversal] as readonly TransactionKind[]).includes(target);
}
