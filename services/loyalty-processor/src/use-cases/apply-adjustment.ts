import { reject } from '../domain/rejection.js';
import { adjustmentDetails, parseDetails } from '../domain/transaction-details.js';
import { expiryOfNewLot, type Application, type Effect } from './application.js';

export function applyAdjustment(app: Application): Promise<Effect> {
  const { points, reason } = parseDetails(adjustmentDetails, app.transaction.details);
  if (points > 0) {
    app.book.credit(points, 'adjust', expiryOfNewLot(app));
    return Promise.resolve({ earned: points, reason });
  }
  const { taken, shortfall } = app.book.debit(-points, 'adjust');
  if (shortfall > 0) reject('INSUFFICIENT_BALANCE', `cannot take ${-points}, the card holds ${taken}`);
  return Promise.resolve({ spent: -points, reason });
}
