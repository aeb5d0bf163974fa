import { ApiRouter } from '@loyalty/platform';
import type { EntityManager } from '@loyalty/db';
import type { Principal, TokenVerifier } from '@loyalty/identity';
import type { TransactionWaiter } from '../../data-access/transaction-waiter.js';
import type { QrSettings } from '../../use-cases/lookup-card.js';
import { addBusinessRoutes } from './business-routes.js';
import { addCounterRoutes } from './counter-routes.js';

export interface RouteDeps {
  em: () => EntityManager;
  verifier: TokenVerifier;
  waiter: TransactionWaiter;
  preferWaitMaxSeconds: number;
  qr: QrSettings;
}

export interface StaffState {
  principal: Principal;
  em: EntityManager;
  body: unknown;
}

export type AdminApi = ApiRouter<StaffState>;

export function adminApi(deps: RouteDeps): AdminApi {
  const api = new ApiRouter<StaffState>({ title: 'Loyalty admin API', version: '1', description: 'For staff and POS terminals.' });

  api.use(async (ctx, next) => {
    ctx.state.principal = await deps.verifier.verify(ctx.get('authorization'));
    ctx.state.em = deps.em();
    await next();
  });

  addBusinessRoutes(api);
  addCounterRoutes(api, deps);
  return api;
}
