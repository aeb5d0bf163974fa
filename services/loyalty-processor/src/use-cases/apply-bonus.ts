import { bonusDetails, parseDetails } from '../domain/transaction-details.js';
import { expiryOfNewLot, type Application, type Effect } from './application.js';

export function applyBonus(app: Application): Promise<Effect> {
  const { points, reason } = parseDetails(bonusDetails, app.transaction.details);
  app.book.credit(points, 'bonus', expiryOfNewLot(app));
  return Promise.resolve({ earned: points, reason });
}
