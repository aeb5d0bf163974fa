import type { LoyaltyTransaction, TransactionRejection, TransactionResult } from '@loyalty/db';

/** What settling a transaction changed on its row. */
export type Settlement = Pick<LoyaltyTransaction, 'status' | 'result' | 'rejection' | 'appliedAt'>;

export interface SettledNotification {
  transactionId: string;
  /** Absent when the payload was the id alone (the row did not fit in a NOTIFY): then read the row. */
  settlement?: Settlement;
}

/** The row as `loyalty.notify_transaction_applied()` writes it (json_build_object of the settled columns). */
interface SettledColumns {
  id: string;
  status: LoyaltyTransaction['status'];
  result: TransactionResult | null;
  rejection: TransactionRejection | null;
  applied_at: string | null;
}

export function parseSettledNotification(payload: string): SettledNotification {
  if (!payload.startsWith('{')) return { transactionId: payload };
  const row = JSON.parse(payload) as SettledColumns;
  return {
    transactionId: row.id,
    settlement: { status: row.status, result: row.result, rejection: row.rejection, appliedAt: row.applied_at === null ? null : new Date(row.applied_at) },
  };
}
