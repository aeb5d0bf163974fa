import type { LedgerKind, ProgramKind, TransactionKind } from '@loyalty/db/model';

/** The additive daily metrics, in the order of the summary's fields. */
export const metricNames = [
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
export type MetricName = (typeof metricNames)[number];
export type Metrics = Record<MetricName, number>;

export const noMetrics = (): Metrics => Object.fromEntries(metricNames.map((name) => [name, 0])) as Metrics;

/** What happens at no store (enrolments, expiry, store-less bonuses) is counted under this store id. */
export const NO_STORE = '00000000-0000-0000-0000-000000000000';

/** The kinds a customer comes to the counter for: these make them active that day. */
export const customerActivities: readonly TransactionKind[] = ['visit', 'purchase', 'redemption'];

export interface AppliedTransaction {
  kind: TransactionKind;
  programKind: ProgramKind;
  /** Minor units; purchases only. */
  amount: number | null;
  ledger: readonly { kind: LedgerKind; amount: number }[];
  /** Stamp rewards whose card this transaction filled (catalog rewards are bought, not unlocked). */
  rewardsUnlocked: number;
}

const sumOf = (ledger: AppliedTransaction['ledger'], kinds: readonly LedgerKind[]): number =>
  ledger.filter((entry) => kinds.includes(entry.kind)).reduce((sum, entry) => sum + entry.amount, 0);

/**
 * What one applied transaction adds to its day. Counts are gross: a void or refund does not take a
 * visit, purchase or redemption back; what it takes back from the balance shows as `pointsReversed`.
 * The "points" figures count points programs only; stamp programs report `stampsIssued`.
 */
export function metricsOfTransaction(transaction: AppliedTransaction): Metrics {
  const metrics = noMetrics();
  if (transaction.kind === 'visit') metrics.visits = 1;
  if (transaction.kind === 'purchase') {
    metrics.purchases = 1;
    metrics.purchaseAmount = transaction.amount ?? 0;
  }
  if (transaction.kind === 'redemption') metrics.rewardsRedeemed = 1;
  const earned = sumOf(transaction.ledger, ['earn', 'bonus']);
  if (transaction.programKind === 'stamp') {
    metrics.stampsIssued = earned;
  } else {
    metrics.pointsEarned = earned;
    metrics.pointsRedeemed = -sumOf(transaction.ledger, ['spend']);
    metrics.pointsReversed = -sumOf(transaction.ledger, ['reverse_earn']);
  }
  metrics.rewardsUnlocked = transaction.rewardsUnlocked;
  return metrics;
}

export function metricsOfEnrolment(): Metrics {
  return { ...noMetrics(), newCards: 1 };
}

export function metricsOfExpiry(programKind: ProgramKind, points: number): Metrics {
  return { ...noMetrics(), pointsExpired: programKind === 'points' ? points : 0 };
}

/** Keys of the facts counted, shared with the rebuild so that neither path counts a fact twice. */
export const factKeys = {
  transaction: (transactionId: string) => `transaction:${transactionId}`,
  enrolment: (cardId: string) => `card:${cardId}`,
  expiry: (cardId: string, expiredAt: Date) => `expiry:${cardId}:${expiredAt.getTime()}`,
};
