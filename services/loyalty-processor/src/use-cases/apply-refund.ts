import { lotIdsOf } from '../data-access/transactions.js';
import { clawbackForRefund } from '../domain/refund-clawback.js';
import { parseDetails, refundDetails } from '../domain/transaction-details.js';
import type { Application, Effect } from './application.js';
import { earnedBy, findOriginal } from './find-original.js';

export async function applyRefund(app: Application): Promise<Effect> {
  const { refundAmount } = parseDetails(refundDetails, app.transaction.details);
  const { original, earlierRefunds } = await findOriginal(app, ['purchase']);
  const refundedBefore = earlierRefunds.reduce((sum, refund) => sum + parseDetails(refundDetails, refund.details).refundAmount, 0);
  const clawback = clawbackForRefund({ earned: earnedBy(original), amount: original.amount ?? 0, refundedBefore, refundAmount });
  const { taken, shortfall } = app.book.debit(clawback, 'reverse_earn', await lotIdsOf(app.em, original.id));
  return { refundAmount, refundedTotal: refundedBefore + refundAmount, clawback, reversed: taken, unrecovered: shortfall, reversesTransactionId: original.id };
}
