import type { StampRules } from '@loyalty/db';
import { stampsEarnedSince } from '../data-access/ledger-queries.js';
import { storeTimeZone } from '../data-access/transactions.js';
import { startOfLocalDay } from '../domain/daily-stamp-limit.js';
import { expiryOfNewLot, type Application } from './application.js';

export async function stampsEarnedToday({ em, now, transaction, card }: Application): Promise<number> {
  const since = startOfLocalDay(now, await storeTimeZone(em, transaction.storeId));
  return stampsEarnedSince(em, card.id, since);
}

export function earnStamps(app: Application, rules: StampRules): number {
  app.book.credit(rules.stampsPerVisit, 'earn', expiryOfNewLot(app));
  return rules.stampsPerVisit;
}
