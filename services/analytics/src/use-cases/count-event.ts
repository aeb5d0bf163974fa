import type { AnyEvent, EventPayload } from '@loyalty/contracts';
import type { EntityManager } from '@loyalty/db';
import type { Logger } from '@loyalty/platform';
import { addActiveCustomer, claimFacts, type MetricsTally } from '../data-access/aggregates.js';
import { loadCardFacts, loadTransactionFacts, type CardFacts, type TransactionFacts } from '../data-access/source-facts.js';
import { customerActivities, factKeys, metricsOfEnrolment, metricsOfExpiry, metricsOfTransaction, NO_STORE } from '../domain/metrics.js';

/** What the events of one transaction need: their sources' facts, the facts they claimed, and the metrics they add. */
export interface CountBatch {
  transactions: Map<string, TransactionFacts>;
  cards: Map<string, CardFacts>;
  /** Each claimed fact is counted by the first event that takes it from here. */
  claimed: Set<string>;
  tally: MetricsTally;
}

/**
 * Reads the facts of the events' transactions and cards, and claims them for counting, a statement
 * each for all the events. The queue's subscription delivers only the three types counted here.
 * Everything else is either counted through the settled transaction that carried it
 * (reward.unlocked, reward.redeemed) or is not a metric.
 */
export async function prepareCount(em: EntityManager, events: readonly AnyEvent[]): Promise<CountBatch> {
  const transactionIds = events.flatMap((event) =>
    event.type === 'transaction.settled' && event.payload.status === 'applied' ? [event.payload.transactionId] : [],
  );
  const cardIds = events.flatMap((event) => (event.type === 'card.enrolled' || event.type === 'points.expired' ? [event.payload.cardId] : []));
  const transactions = await loadTransactionFacts(em, [...new Set(transactionIds)]);
  const cards = await loadCardFacts(em, [...new Set(cardIds)]);
  const facts = new Map<string, string>();
  for (const event of events) {
    const fact = factOf(event, transactions, cards);
    if (fact) facts.set(fact.fact, fact.businessId);
  }
  const claimed = await claimFacts(
    em,
    [...facts].map(([fact, businessId]) => ({ fact, businessId })),
  );
  return { transactions, cards, claimed, tally: [] };
}

function factOf(event: AnyEvent, transactions: CountBatch['transactions'], cards: CountBatch['cards']): { fact: string; businessId: string } | null {
  switch (event.type) {
    case 'transaction.settled': {
      const facts = transactions.get(event.payload.transactionId);
      return facts ? { fact: factKeys.transaction(event.payload.transactionId), businessId: facts.businessId } : null;
    }
    case 'card.enrolled': {
      const card = cards.get(event.payload.cardId);
      return card ? { fact: factKeys.enrolment(event.payload.cardId), businessId: card.businessId } : null;
    }
    case 'points.expired':
      return cards.has(event.payload.cardId)
        ? { fact: factKeys.expiry(event.payload.cardId, new Date(event.payload.expiredAt)), businessId: event.businessId }
        : null;
    default:
      return null;
  }
}

/**
 * Counts what one event tells, inside the inbox's transaction: the active customers now, the metrics
 * into the tally for `addMetrics` to write last. Each is counted on the day it happened (the
 * transaction's recording, the card's creation, the expiry run), in the store's time zone, whenever
 * the event arrives.
 */
export async function countEvent(em: EntityManager, logger: Logger, event: AnyEvent, batch: CountBatch): Promise<void> {
  switch (event.type) {
    case 'transaction.settled':
      return countSettled(em, logger, event.payload, batch);
    case 'card.enrolled':
      return countEnrolment(logger, event.payload, batch);
    case 'points.expired':
      return countExpiry(logger, event.businessId, event.payload, batch);
    default:
      return;
  }
}

async function countSettled(em: EntityManager, logger: Logger, payload: EventPayload<'transaction.settled'>, batch: CountBatch): Promise<void> {
  if (payload.status !== 'applied') return;
  const facts = batch.transactions.get(payload.transactionId);
  if (!facts) {
    logger.warn({ transactionId: payload.transactionId }, 'settled transaction not found; nothing counted');
    return;
  }
  if (!batch.claimed.delete(factKeys.transaction(payload.transactionId))) return;
  const cell = { businessId: facts.businessId, at: facts.recordedAt, timeZone: facts.timeZone, storeId: facts.storeId ?? NO_STORE, programId: facts.programId };
  if (customerActivities.includes(facts.kind)) await addActiveCustomer(em, cell, facts.customerId);
  batch.tally.push({ cell, metrics: metricsOfTransaction(facts) });
}

function countEnrolment(logger: Logger, payload: EventPayload<'card.enrolled'>, batch: CountBatch): void {
  const card = batch.cards.get(payload.cardId);
  if (!card) {
    logger.warn({ cardId: payload.cardId }, 'enrolled card not found; nothing counted');
    return;
  }
  if (!batch.claimed.delete(factKeys.enrolment(payload.cardId))) return;
  const cell = { businessId: card.businessId, at: card.createdAt, timeZone: card.homeTimeZone, storeId: NO_STORE, programId: card.programId };
  batch.tally.push({ cell, metrics: metricsOfEnrolment() });
}

function countExpiry(logger: Logger, businessId: string, payload: EventPayload<'points.expired'>, batch: CountBatch): void {
  const card = batch.cards.get(payload.cardId);
  if (!card) {
    logger.warn({ cardId: payload.cardId }, 'card of expired points not found; nothing counted');
    return;
  }
  const expiredAt = new Date(payload.expiredAt);
  if (!batch.claimed.delete(factKeys.expiry(payload.cardId, expiredAt))) return;
  const cell = { businessId, at: expiredAt, timeZone: card.homeTimeZone, storeId: NO_STORE, programId: card.programId };
  batch.tally.push({ cell, metrics: metricsOfExpiry(card.programKind, payload.points) });
}
