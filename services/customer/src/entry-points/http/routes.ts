import { ApiRouter } from '@loyalty/platform/http';
import type { Customer, EntityManager } from '@loyalty/db';
import type { Principal, TokenVerifier } from '@loyalty/identity';
import type { PresignedUrl } from '@loyalty/topology';
import type { AccountRemover } from '../../data-access/cognito-accounts.js';
import type { ProfileSource } from '../../data-access/cognito-profile.js';
import type { HistoryTable } from '../../data-access/transaction-history.js';
import type { AuthDeps } from '../../use-cases/auth/auth-deps.js';
import type { QrSettings } from '../../use-cases/card-qr.js';
import { currentCustomer } from '../../use-cases/customers.js';
import { addAuthAccountRoutes } from './auth-account-routes.js';
import { addAuthRoutes } from './auth-routes.js';
import { addCardRoutes } from './card-routes.js';
import { addDiscoveryRoutes } from './discovery-routes.js';
import { addMyDataRoutes } from './my-data-routes.js';
import { addProfileRoutes } from './profile-routes.js';
import { addUnsubscribeRoutes } from './unsubscribe-routes.js';

export interface RouteDeps {
  em: () => EntityManager;
  verifier: TokenVerifier;
  profiles: ProfileSource;
  removeAccount: AccountRemover;
  qr: QrSettings;
  unsubscribeSecret: string;
  auth: AuthDeps;
  /** A fresh presigned GET of a ready export's file. */
  exportLink(objectKey: string): Promise<PresignedUrl>;
  history: HistoryTable;
}

export interface CustomerState {
  principal: Principal;
  customer: Customer;
  em: EntityManager;
  body: unknown;
}

export type CustomerApi = ApiRouter<CustomerState>;

/** Every route but the public /auth ones acts for the customer behind the access token and sees only what is theirs. */
export function customerApi(deps: RouteDeps): CustomerApi {
  const api = new ApiRouter<CustomerState>(
    {
      title: 'Loyalty customer API',
      version: '1',
      description: 'For the customer apps. Every route but the public `/auth` ones acts for the customer behind the access token and sees only what is theirs.',
    },
    {
      tags: {
        auth: 'Registration, sign-in (password, authenticator MFA, Google and Apple), password reset, sign-out, and the account’s MFA and linked identities.',
        profile: 'The customer’s name, contact details and consents.',
        discovery: 'Active programs to join, by brand or near a place.',
        cards: 'The customer’s cards: balance, progress, history and the QR code the counter scans.',
        rewards: 'What the customer can have now, and the one-time codes that redeem it at the counter.',
        'my data': 'Data portability and erasure: a file of everything held, produced in the background, and account deletion.',
      },
    },
  );

  api.use(async (ctx, next) => {
    const principal = await deps.verifier.verify(ctx.get('authorization'));
    ctx.state.principal = principal;
    ctx.state.em = deps.em();
    ctx.state.customer = await currentCustomer(ctx.state.em, principal, deps.profiles);
    await next();
  });

  addAuthRoutes(api, deps.auth);
  addAuthAccountRoutes(api, deps.auth);
  addProfileRoutes(api);
  addDiscoveryRoutes(api);
  addCardRoutes(api, deps);
  addMyDataRoutes(api, deps);
  addUnsubscribeRoutes(api, deps);
  return api;
}
