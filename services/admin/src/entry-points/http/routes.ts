import type { Context } from 'koa';
import { ApiRouter } from '@loyalty/platform';
import type { EntityManager, LoyaltyTransaction } from '@loyalty/db';
import type { Principal, TokenVerifier } from '@loyalty/identity';
import { createBrand, createBusiness, createStore } from '../../use-cases/configure-business.js';
import { createStampProgram } from '../../use-cases/create-program.js';
import { recordVisit } from '../../use-cases/record-visit.js';
import { awaitApplied, getTransaction } from '../../use-cases/get-transaction.js';
import type { TransactionWaiter } from '../../data-access/transaction-waiter.js';
import {
  brandBody,
  brandView,
  businessBody,
  businessParams,
  businessView,
  preferHeader,
  preferredWaitSeconds,
  programView,
  stampProgramBody,
  storeBody,
  storeView,
  transactionParams,
  transactionView,
  visitBody,
} from './schemas.js';
import { toTransactionView, transactionUrl } from './representations.js';

export interface RouteDeps {
  em: () => EntityManager;
  verifier: TokenVerifier;
  waiter: TransactionWaiter;
  preferWaitMaxSeconds: number;
}

export interface StaffState {
  principal: Principal;
  em: EntityManager;
  body: unknown;
}

const location = { location: 'URL of the created resource' };

export function adminApi(deps: RouteDeps): ApiRouter<StaffState> {
  const api = new ApiRouter<StaffState>({ title: 'Loyalty admin API', version: '1', description: 'For staff and POS terminals.' });

  api.use(async (ctx, next) => {
    ctx.state.principal = await deps.verifier.verify(ctx.get('authorization'));
    ctx.state.em = deps.em();
    await next();
  });

  api.add({
    method: 'post',
    path: '/businesses',
    summary: 'Found a business; the caller (staff pool group owner) becomes its owner',
    tags: ['businesses'],
    body: businessBody,
    responses: { 201: { description: 'Created', body: businessView, headers: location } },
    problems: { 403: 'FORBIDDEN' },
    handle: async (ctx, { body }) => {
      const business = await createBusiness(ctx.state.em, ctx.state.principal, body);
      created(ctx, `/businesses/${business.id}`, { id: business.id, name: business.name });
    },
  });

  api.add({
    method: 'post',
    path: '/businesses/{businessId}/brands',
    summary: 'Add a brand',
    tags: ['businesses'],
    params: businessParams,
    body: brandBody,
    responses: { 201: { description: 'Created', body: brandView, headers: location } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, body }) => {
      const brand = await createBrand(ctx.state.em, ctx.state.principal, params.businessId, body);
      created(ctx, `/businesses/${params.businessId}/brands/${brand.id}`, { id: brand.id, name: brand.name });
    },
  });

  api.add({
    method: 'post',
    path: '/businesses/{businessId}/stores',
    summary: 'Add a store to a brand',
    tags: ['businesses'],
    params: businessParams,
    body: storeBody,
    responses: { 201: { description: 'Created', body: storeView, headers: location } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, body }) => {
      const store = await createStore(ctx.state.em, ctx.state.principal, params.businessId, body);
      created(ctx, `/businesses/${params.businessId}/stores/${store.id}`, { id: store.id, brandId: store.brandId, name: store.name, timeZone: store.timeZone });
    },
  });

  api.add({
    method: 'post',
    path: '/businesses/{businessId}/programs',
    summary: 'Create a stamp program: N stamps unlock a reward',
    tags: ['programs'],
    params: businessParams,
    body: stampProgramBody,
    responses: { 201: { description: 'Created', body: programView, headers: location } },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND' },
    handle: async (ctx, { params, body }) => {
      const program = await createStampProgram(ctx.state.em, ctx.state.principal, params.businessId, body);
      created(ctx, `/businesses/${params.businessId}/programs/${program.id}`, {
        id: program.id,
        brandId: program.brandId,
        name: program.name,
        kind: program.kind,
        stampsRequired: program.stampsRequired,
        rewardDescription: program.rewardDescription,
        status: program.status,
      });
    },
  });

  api.add({
    method: 'post',
    path: '/businesses/{businessId}/transactions',
    summary: 'Record a visit (idempotent per business + posTransactionId)',
    description: 'Answers 202 with the pending transaction; with `Prefer: wait=N`, 200 once the loyalty processor has applied it.',
    tags: ['counter'],
    params: businessParams,
    headers: preferHeader,
    body: visitBody,
    responses: {
      200: { description: 'Applied', body: transactionView, headers: location },
      202: { description: 'Accepted, not applied yet', body: transactionView, headers: location },
    },
    problems: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'IDEMPOTENCY_KEY_REUSED' },
    handle: async (ctx, { params, body }) => {
      const { transaction } = await recordVisit(ctx.state.em, ctx.state.principal, params.businessId, body);
      ctx.set('location', transactionUrl(transaction));
      await answerTransaction(ctx, deps, transaction);
    },
  });

  api.add({
    method: 'get',
    path: '/businesses/{businessId}/transactions/{transactionId}',
    summary: 'A transaction and, once applied, its result',
    tags: ['counter'],
    params: transactionParams,
    headers: preferHeader,
    responses: { 200: { description: 'Applied', body: transactionView }, 202: { description: 'Not applied yet', body: transactionView } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      await answerTransaction(ctx, deps, await getTransaction(ctx.state.em, ctx.state.principal, params.businessId, params.transactionId));
    },
  });

  return api;
}

function created(ctx: Context, url: string, body: object): void {
  ctx.status = 201;
  ctx.set('location', url);
  ctx.body = body;
}

/** 200 once applied; 202 while the processor has not applied it yet, after waiting as long as `Prefer: wait` asks. */
async function answerTransaction(ctx: Context & { state: StaffState }, deps: RouteDeps, transaction: LoyaltyTransaction): Promise<void> {
  const wait = preferredWaitSeconds(ctx.get('prefer'), deps.preferWaitMaxSeconds);
  const current = await awaitApplied(ctx.state.em, deps.waiter, transaction, wait);
  if (wait > 0) ctx.set('preference-applied', `wait=${wait}`);
  ctx.status = current.status === 'applied' ? 200 : 202;
  ctx.body = toTransactionView(current);
}
