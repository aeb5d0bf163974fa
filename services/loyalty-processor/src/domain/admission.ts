import type { ProgramStatus, TransactionKind } from '@loyalty/db/model';
import { reject } from './rejection.js';

type CardStatus = 'active' | 'suspended' | 'closed';

const earning: readonly TransactionKind[] = ['visit', 'purchase', 'bonus'];

/**
 * Whether the program and card accept this kind at all. Earning needs an active program, redeeming
 * also works while paused; both need an active card. Reversals and adjustments correct history and
 * apply whatever the statuses.
 */
export function admit(kind: TransactionKind, programStatus: ProgramStatus, cardStatus: CardStatus): void {
  const redeeming = kind === 'redemption';
  if (!earning.includes(kind) && !redeeming) return;
  if (cardStatus !== 'active') reject('CARD_SUSPENDED', `the card is ${cardStatus}`);
  const open = programStatus === 'active' || (redeeming && programStatus === 'paused');
  if (!open) reject('PROGRAM_NOT_ACTIVE', `the program is ${programStatus}`);
}
