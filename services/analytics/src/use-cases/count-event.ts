import type { AnyEvent, EventPayload } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { addActiveCustomer, claimFact, type MetricsTally } from '../data-access/aggregates.js';
import { loadCardFacts, loadTransactionFacts } from '../data-access/source-facts.js';
import { customerActivities, factKeys, metricsOfEnrolment, metricsOfExpiry, metricsOfTransaction, NO_STORE } from '../domain/metrics.js';

/**
 * Counts what one event tells, inside the inbox's transaction: the facts claimed and the active
 * customers now, the metrics into `tally` for `addMetrics` to write last. Each is counted on the day
 * it happened (the transaction's recording, the card's creation, the expiry run), in the store's
 * time zone, whenever the event arrives.
 */
export async function countEvent(em: EntityManager, logger: Logger, event: AnyEvent, tally: MetricsTally): Promise<void> {
  switch (event.type) {
    case 'transaction.settled':
      return countSettled(em, logger, event.payload, tally);
    case 'card.enrolled':
      return countEnrolment(em, logger, event.payload, tally);
    case 'points.expired':
      return countExpiry(em, logger, event.businessId, event.payload, tally);
    default:
      // The queue's subscription delivers only the three above. Everything else is either counted through
      // the settled transaction that carried it (reward.unlocked, reward.redeemed) or is not a metric.
      return;
  }
}

async function countSettled(em: EntityManager, logger: Logger, payload: EventPayload<'transaction.settled'>, tally: MetricsTally): Promise<void> {
  if (payload.status !== 'applied') return;
  const facts = await loadTransactionFacts(em, payload.transactionId);
  if (!facts) {
    logger.warn({ transactionId: payload.transactionId }, 'settled transaction not found; nothing counted');
    return;
  }
  if (!(await claimFact(em, facts.businessId, factKeys.transaction(payload.transactionId)))) return;
  const cell = { businessId: facts.businessId, at: facts.recordedAt, timeZone: facts.timeZone, storeId: facts.storeId ?? NO_STORE, programId: facts.programId };
  if (customerActivities.includes(facts.kind)) await addActiveCustomer(em, cell, facts.customerId);
  tally.push({ cell, metrics: metricsOfTransaction(facts) });
}

async function countEnrolment(em: EntityManager, logger: Logger, payload: EventPayload<'card.enrolled'>, tally: MetricsTally): Promise<void> {
  const card = await loadCardFacts(em, payload.cardId);
  if (!card) {
    logger.warn({ cardId: payload.cardId }, 'enrolled card not found; nothing counted');
    return;
  }
  if (!(await claimFact(em, card.businessId, factKeys.enrolment(payload.cardId)))) return;
  const cell = { businessId: card.businessId, at: card.createdAt, timeZone: card.homeTimeZone, storeId: NO_STORE, programId: card.programId };
  tally.push({ cell, metrics: metricsOfEnrolment() });
}

async function countExpiry(em: EntityManager, logger: Logger, businessId: string, payload: EventPayload<'points.expired'>, tally: MetricsTally): Promise<void> {
  const card = await loadCardFacts(em, payload.cardId);
  if (!card) {
    logger.warn({ cardId: payload.cardId }, 'card of expired points not found; nothing counted');
    return;
  }
  const expiredAt = new Date(payload.expiredAt);
  if (!(await claimFact(em, businessId, factKeys.expiry(payload.cardId, expiredAt)))) return;
  const cell = { businessId, at: expiredAt, timeZone: card.homeTimeZone, storeId: NO_STORE, programId: card.programId };
  tally.push({ cell, metrics: metricsOfExpiry(card.programKind, payload.points) });
}
