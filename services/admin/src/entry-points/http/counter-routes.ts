import type { Context } from 'koa';
import { AppError } from '@loyalty/platform';
import type { TransactionRecord } from '../../domain/transaction-record.js';
import { recordTransaction } from '../../use-cases/record-transaction.js';
import { awaitSettled, getTransaction, type Settled } from '../../use-cases/get-transaction.js';
import { lookUpCard } from '../../use-cases/lookup-card.js';
import { cardHistory } from '../../use-cases/card-history.js';
import type { AdminApi, RouteDeps, StaffState } from './routes.js';
import { businessParams } from './schemas.js';
import {
  cardLookupView,
  cardParams,
  historyQuery,
  lookupQuery,
  preferHeader,
  preferredWaitSeconds,
  transactionBody,
  transactionPage,
  transactionParams,
  transactionView,
} from './counter-schemas.js';
import { toCardLookupView, toTransactionView, transactionUrl } from './representations.js';

const location = { location: 'URL of the transaction' };

/** What happens at the counter: card look-up, purchases and visits, redemptions, reversals, adjustments. */
export function addCounterRoutes(api: AdminApi, deps: RouteDeps): void {
  api.add({
    method: 'get',
    path: '/businesses/{businessId}/cards/lookup',
    operationId: 'lookUpCard',
    summary: 'Find a card by its printed number or the QR code the customer app shows',
    description:
      'Any staff member of the business (not an API key). Answers the card, its customer and the rewards redeemable now. A QR code must be signed and fresh (400 INVALID_QR, QR_EXPIRED); an unknown number answers 404 NOT_FOUND.',
    tags: ['counter'],
    params: businessParams,
    query: lookupQuery,
    responses: { 200: { description: 'The card, its customer and what can be redeemed now', body: cardLookupView } },
    problems: { 400: 'INVALID_QR, QR_EXPIRED', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      const found = await lookUpCard(ctx.state.em, ctx.state.principal, params.businessId, query, deps.qr);
      ctx.body = toCardLookupView(found);
    },
  });

  api.add({
    method: 'post',
    path: '/businesses/{businessId}/transactions',
    operationId: 'recordTransaction',
    summary: 'Record a visit, purchase, redemption, void, refund or adjustment (idempotent per business + posTransactionId)',
    description:
      'Any staff member who may act for the store, or the store’s API key. Answers 202 with the pending transaction. With `Prefer: wait=N`: 200 once the loyalty processor has applied it, 409 with the rejection code (e.g. INSUFFICIENT_BALANCE) if it rejected it. ' +
      'Adjustments need the owner, admin or manager role.',
    tags: ['counter'],
    params: businessParams,
    headers: preferHeader,
    body: transactionBody,
    responses: {
      200: { description: 'Applied', body: transactionView, headers: location },
      202: { description: 'Accepted, not settled yet', body: transactionView, headers: location },
    },
    problems: {
      400: 'INVALID_REDEMPTION_CODE',
      403: 'FORBIDDEN, STORE_NOT_ALLOWED',
      404: 'NOT_FOUND',
      409: 'IDEMPOTENCY_KEY_REUSED, CARD_CLOSED, NOT_REVERSIBLE, TRANSACTION_NOT_APPLIED, or the processor’s rejection code',
    },
    handle: async (ctx, { params, body }) => {
      const { transaction } = await recordTransaction(ctx.state.em, ctx.state.principal, params.businessId, body);
      ctx.set('location', transactionUrl(transaction));
      await answerSettled(ctx, deps, transaction);
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/transactions/{transactionId}',
    operationId: 'getTransaction',
    summary: 'A transaction and, once settled, its result or rejection',
    description:
      "Any staff member who may act for the store it was recorded at, or that store's API key. Answers 202 while pending and 200 once applied or rejected; `Prefer: wait=N` waits up to N seconds for the processor first.",
    tags: ['counter'],
    params: transactionParams,
    headers: preferHeader,
    responses: { 200: { description: 'Applied or rejected', body: transactionView }, 202: { description: 'Not settled yet', body: transactionView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      const transaction = await getTransaction(ctx.state.em, ctx.state.principal, params.businessId, params.transactionId);
      const current = await awaitPreferred(ctx, deps, transaction);
      ctx.status = current.status === 'pending' ? 202 : 200;
      ctx.body = toTransactionView(current);
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/cards/{cardId}/transactions',
    operationId: 'listCardTransactions',
    summary: 'A card’s transactions, newest first',
    description:
      "Any staff member of the business. Answers one page of the card's transactions with their status and effect, newest first; follow `nextCursor` for the next page.",
    tags: ['counter'],
    params: cardParams,
    query: historyQuery,
    responses: { 200: { description: 'One page', body: transactionPage } },
    problems: { 400: 'INVALID_CURSOR', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, query }) => {
      const page = await cardHistory(ctx.state.em, ctx.state.principal, params.businessId, params.cardId, query);
      ctx.body = { items: page.items.map(toTransactionView), nextCursor: page.nextCursor };
    },
  });
}

type StaffContext = Context & { state: StaffState };

async function awaitPreferred(ctx: StaffContext, deps: RouteDeps, transaction: TransactionRecord): Promise<TransactionRecord> {
  const wait = deps.waiter.hasRoom() ? preferredWaitSeconds(ctx.get('prefer'), deps.preferWaitMaxSeconds) : 0;
  if (wait > 0) ctx.set('preference-applied', `wait=${wait}`);
  const settled = await awaitSettled(ctx.state.em, deps.waiter, transaction, wait);
  if (settled.timing) ctx.set('server-timing', serverTiming(settled));
  return settled.transaction;
}

/**
 * The wait's parts as W3C Server-Timing: until the wake that found it settled, the re-read that wake
 * led to, and from the processor's applied_at to that wake, so a client can see where its wait went.
 */
function serverTiming({ transaction, timing }: Settled): string {
  if (!timing) return '';
  const parts = [`wait;dur=${(timing.wokenAtMs - timing.startedAtMs).toFixed(2)}`, `reread;dur=${timing.rereadMs.toFixed(2)}`];
  if (transaction.appliedAt) parts.push(`applied-to-wake;dur=${(timing.wokenAtMs - transaction.appliedAt.getTime()).toFixed(2)}`);
  return parts.join(', ');
}

/** 200 applied, 409 rejected (the rejection code, with the transaction), 202 while the processor has not settled it. */
async function answerSettled(ctx: StaffContext, deps: RouteDeps, transaction: TransactionRecord): Promise<void> {
  const current = await awaitPreferred(ctx, deps, transaction);
  const view = toTransactionView(current);
  if (current.status === 'rejected') {
    const rejection = current.rejection ?? { code: 'REJECTED', detail: 'The transaction was rejected' };
    throw new AppError({ code: rejection.code, status: 409, detail: rejection.detail, extra: { transaction: view, links: view.links } });
  }
  ctx.status = current.status === 'applied' ? 200 : 202;
  ctx.body = view;
}
