import type { AnyEvent, EventPayload } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { addActiveCustomer, addMetrics, claimFact } from '../data-access/aggregates.js';
import { loadCardFacts, loadTransactionFacts } from '../data-access/source-facts.js';
import { customerActivities, factKeys, metricsOfEnrolment, metricsOfExpiry, metricsOfTransaction, NO_STORE } from '../domain/metrics.js';

/**
 * Adds what one event tells to the aggregates, inside the inbox's transaction. Each is counted on
 * the day it happened (the transaction's recording, the card's creation, the expiry run), in the
 * store's time zone, whenever the event arrives.
 */
export async function countEvent(em: EntityManager, logger: Logger, event: AnyEvent): Promise<void> {
  switch (event.type) {
    case 'transaction.settled':
      return countSettled(em, logger, event.payload);
    case 'card.enrolled':
      return countEnrolment(em, logger, event.payload);
    case 'points.expired':
      return countExpiry(em, logger, event.businessId, event.payload);
    default:
      // The queue's subscription delivers only the three above. Everything else is either counted through
      // the settled transaction that carried it (reward.unlocked, reward.redeemed) or is not a metric.
      return;
  }
}

async function countSettled(em: EntityManager, logger: Logger, payload: EventPayload<'transaction.settled'>): Promise<void> {
  if (payload.status !== 'applied') return;
  const facts = await loadTransactionFacts(em, payload.transactionId);
  if (!facts) {
    logger.warn({ transactionId: payload.transactionId }, 'settled transaction not found; nothing counted');
    return;
  }
  if (!(await claimFact(em, facts.businessId, factKeys.transaction(payload.transactionId)))) return;
  const cell = { businessId: facts.businessId, at: facts.recordedAt, timeZone: facts.timeZone, storeId: facts.storeId ?? NO_STORE, programId: facts.programId };
  if (customerActivities.includes(facts.kind)) await addActiveCustomer(em, cell, facts.customerId);
  // Last: every visit of a store and day updates this one row, which stays locked until the commit.
  await addMetrics(em, cell, metricsOfTransaction(facts));
}

async function countEnrolment(em: EntityManager, logger: Logger, payload: EventPayload<'card.enrolled'>): Promise<void> {
  const card = await loadCardFacts(em, payload.cardId);
  if (!card) {
    logger.warn({ cardId: payload.cardId }, 'enrolled card not found; nothing counted');
    return;
  }
  if (!(await claimFact(em, card.businessId, factKeys.enrolment(payload.cardId)))) return;
  const cell = { businessId: card.businessId, at: card.createdAt, timeZone: card.homeTimeZone, storeId: NO_STORE, programId: card.programId };
  await addMetrics(em, cell, metricsOfEnrolment());
}

async function countExpiry(em: EntityManager, logger: Logger, businessId: string, payload: EventPayload<'points.expired'>): Promise<void> {
  const card = await loadCardFacts(em, payload.cardId);
  if (!card) {
    logger.warn({ cardId: payload.cardId }, 'card of expired points not found; nothing counted');
    return;
  }
  const expiredAt = new Date(payload.expiredAt);
  if (!(await claimFact(em, businessId, factKeys.expiry(payload.cardId, expiredAt)))) return;
  const cell = { businessId, at: expiredAt, timeZone: card.homeTimeZone, storeId: NO_STORE, programId: card.programId };
  await addMetrics(em, cell, metricsOfExpiry(card.programKind, payload.points));
}
