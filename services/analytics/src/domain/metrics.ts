import { type DailyMetricName, dailyMetricNames, type LedgerKind, type ProgramKind, type TransactionKind } from '@loyalty/db/model';

export const metricNames = dailyMetricNames;
export type MetricName = DailyMetricName;
export type Metrics = Record<MetricName, number>;

export const noMetrics = (): Metrics => Object.fromEntries(metricNames.map((name) => [name, 0])) as Metrics;

/** What happens at no store (enrolments, expiry, store-less bonuses) is counted under this store id. */
export { NO_STORE } from '@loyalty/db/model';

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
