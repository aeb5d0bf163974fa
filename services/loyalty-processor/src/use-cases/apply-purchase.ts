import type { PointsRules, StampRules } from '@loyalty/db';
import { eligibleAmount, pointsForPurchase } from '../domain/points-earn.js';
import { reject } from '../domain/rejection.js';
import { tierMultiplier } from '../domain/tiers.js';
import { parseDetails, purchaseDetails } from '../domain/transaction-details.js';
import { expiryOfNewLot, type Application, type Effect } from './application.js';
import { earnStamps, stampsEarnedToday } from './earn-stamps.js';

export async function applyPurchase(app: Application): Promise<Effect> {
  const details = parseDetails(purchaseDetails, app.transaction.details);
  const amount = app.transaction.amount ?? reject('INVALID_DETAILS', 'a purchase needs an amount');
  return app.program.kind === 'stamp'
    ? stampsForPurchase(app, app.program.rules, amount)
    : pointsForPurchaseOf(app, app.program.rules, eligibleAmount(amount, details));
}

/** A purchase never fails for the stamp card's sake: below the minimum or over the day's limit it earns nothing. */
async function stampsForPurchase(app: Application, rules: StampRules, amount: number): Promise<Effect> {
  if (amount < rules.minimumAmount) return { earned: 0, note: 'BELOW_MINIMUM_AMOUNT' };
  const limit = rules.dailyStampLimit;
  if (limit !== null && (await stampsEarnedToday(app)) + rules.stampsPerVisit > limit) return { earned: 0, note: 'DAILY_STAMP_LIMIT' };
  return { earned: earnStamps(app, rules) };
}

function pointsForPurchaseOf(app: Application, rules: PointsRules, eligible: number): Effect {
  if (app.transaction.currency !== rules.currency)
    reject('CURRENCY_MISMATCH', `the program earns on ${rules.currency}, the purchase is in ${app.transaction.currency ?? 'no currency'}`);
  const multiplier = tierMultiplier(rules.tiers, app.card.tier ?? null);
  const { points, note } = pointsForPurchase(eligible, rules, multiplier);
  if (points > 0) app.book.credit(points, 'earn', expiryOfNewLot(app));
  return { earned: points, eligibleAmount: eligible, multiplier, ...(note ? { note } : {}) };
}
