import type { PointsRules } from '@loyalty/db';
import { pointsEarnedSince, tierEarningKinds } from '../data-access/ledger-queries.js';
import { tierFor, tierWindowStart } from '../domain/tiers.js';
import type { Application } from './application.js';

/** Moves the card to the tier its recent earnings reach, this transaction's entries included, announcing the move. */
export async function evaluateTier(app: Application, rules: PointsRules): Promise<string | null> {
  const { em, card, now, book } = app;
  const earned = (await pointsEarnedSince(em, card.id, tierWindowStart(now, rules.tierWindowDays))) + book.added(tierEarningKinds);
  const to = tierFor(rules.tiers, earned)?.name ?? null;
  const from = card.tier ?? null;
  if (to !== from) {
    card.tier = to;
    app.events.push({
      type: 'tier.changed',
      businessId: card.businessId,
      aggregateId: card.id,
      payload: { cardId: card.id, programId: card.programId, customerId: card.customerId, from, to, changedAt: now.toISOString() },
    });
  }
  return to;
}
