import type { components } from '@loyalty/api-clients/admin';

type Transaction = components['schemas']['Transaction'];

/** What the cashier last did to the card and how it went. */
export interface Outcome {
  ok: boolean;
  text: string;
}

/** What a transaction earned or spent, not the net delta: a visit that fills the card converts its stamps and nets negative. */
export function changeOf(result: NonNullable<Transaction['result']>): number {
  return result.earned ?? (result.spent ? -result.spent : result.delta);
}

/** What the cashier reads once a write is answered: applied with its effect, or still being applied. */
export function outcomeText(transaction: Transaction, what: string): string {
  if (transaction.status === 'pending') return `${what} accepted; it is still being applied. Look the card up again in a moment.`;
  const result = transaction.result;
  if (!result) return `${what} applied.`;
  const parts = [`${what} applied`];
  const change = changeOf(result);
  if (change) parts.push(`${change > 0 ? '+' : ''}${change}`);
  parts.push(`balance ${result.balanceAfter}`);
  if (result.rewardsUnlocked) parts.push(`${result.rewardsUnlocked === 1 ? 'a reward' : `${result.rewardsUnlocked} rewards`} unlocked`);
  return `${parts.join(' · ')}.`;
}

export function OutcomeMessage({ outcome }: { outcome: Outcome | undefined }) {
  if (!outcome) return null;
  return (
    <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'applied' : 'error'}>
      {outcome.text}
    </p>
  );
}
