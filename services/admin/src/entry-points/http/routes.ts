import Router from '@koa/router';
import type { Context } from 'koa';
import { parseInput } from '@loyalty/platform';
import type { EntityManager } from '@loyalty/db';
import type { Principal, TokenVerifier } from '@loyalty/identity';
import { createBrand, createBusiness, createStore } from '../../use-cases/configure-business.js';
import { createStampProgram } from '../../use-cases/create-program.js';
import { recordVisit } from '../../use-cases/record-visit.js';
import { awaitApplied, getTransaction } from '../../use-cases/get-transaction.js';
import type { TransactionWaiter } from '../../data-access/transaction-waiter.js';
import { brandBody, businessBody, businessParams, preferredWaitSeconds, stampProgramBody, storeBody, transactionParams, visitBody } from './schemas.js';
import { transactionUrl, transactionView } from './representations.js';

export interface RouteDeps {
  em: () => EntityManager;
  verifier: TokenVerifier;
  waiter: TransactionWaiter;
  preferWaitMaxSeconds: number;
}

interface StaffState {
  principal: Principal;
  em: EntityManager;
  body: unknown;
}

export function adminRoutes(deps: RouteDeps): Router {
  const router = new Router<StaffState>();

  router.use(async (ctx, next) => {
    ctx.state.principal = await deps.verifier.verify(ctx.get('authorization'));
    ctx.state.em = deps.em();
    await next();
  });

  router.post('/businesses', async (ctx) => {
    const business = await createBusiness(ctx.state.em, ctx.state.principal, parseInput(businessBody, ctx.state.body));
    created(ctx, `/businesses/${business.id}`, { id: business.id, name: business.name });
  });

  router.post('/businesses/:businessId/brands', async (ctx) => {
    const { businessId } = parseInput(businessParams, ctx.params);
    const brand = await createBrand(ctx.state.em, ctx.state.principal, businessId, parseInput(brandBody, ctx.state.body));
    created(ctx, `/businesses/${businessId}/brands/${brand.id}`, { id: brand.id, name: brand.name });
  });

  router.post('/businesses/:businessId/stores', async (ctx) => {
    const { businessId } = parseInput(businessParams, ctx.params);
    const store = await createStore(ctx.state.em, ctx.state.principal, businessId, parseInput(storeBody, ctx.state.body));
    created(ctx, `/businesses/${businessId}/stores/${store.id}`, { id: store.id, brandId: store.brandId, name: store.name, timeZone: store.timeZone });
  });

  router.post('/businesses/:businessId/programs', async (ctx) => {
    const { businessId } = parseInput(businessParams, ctx.params);
    const program = await createStampProgram(ctx.state.em, ctx.state.principal, businessId, parseInput(stampProgramBody, ctx.state.body));
    created(ctx, `/businesses/${businessId}/programs/${program.id}`, {
      id: program.id,
      brandId: program.brandId,
      name: program.name,
      kind: program.kind,
      stampsRequired: program.stampsRequired,
      rewardDescription: program.rewardDescription,
      status: program.status,
    });
  });

  router.post('/businesses/:businessId/transactions', async (ctx) => {
    const { businessId } = parseInput(businessParams, ctx.params);
    const { transaction } = await recordVisit(ctx.state.em, ctx.state.principal, businessId, parseInput(visitBody, ctx.state.body));
    ctx.set('location', transactionUrl(transaction));
    await answerTransaction(ctx, deps, transaction);
  });

  router.get('/businesses/:businessId/transactions/:transactionId', async (ctx) => {
    const { businessId, transactionId } = parseInput(transactionParams, ctx.params);
    await answerTransaction(ctx, deps, await getTransaction(ctx.state.em, ctx.state.principal, businessId, transactionId));
  });

  return router;
}

function created(ctx: Context, location: string, body: object): void {
  ctx.status = 201;
  ctx.set('location', location);
  ctx.body = body;
}

/** 200 once applied; 202 while the processor has not applied it yet, after waiting as long as `Prefer: wait` asks. */
async function answerTransaction(ctx: Context & { state: StaffState }, deps: RouteDeps, transaction: Parameters<typeof awaitApplied>[2]): Promise<void> {
  const wait = preferredWaitSeconds(ctx.get('prefer'), deps.preferWaitMaxSeconds);
  const current = await awaitApplied(ctx.state.em, deps.waiter, transaction, wait);
  if (wait > 0) ctx.set('preference-applied', `wait=${wait}`);
  ctx.status = current.status === 'applied' ? 200 : 202;
  ctx.body = transactionView(current);
}
