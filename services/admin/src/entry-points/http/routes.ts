import { ApiRouter } from '@loyalty/platform/http';
import type { EntityManager } from '@loyalty/db';
import type { Principal, TokenDenylist, TokenVerifier } from '@loyalty/identity';
import type { Quota, SignInGuard } from '@loyalty/runtime/api';
import type { AuditTable } from '@loyalty/tables';
import type { StaffIdentity } from '../../data-access/staff-identity.js';
import type { UsageRecorder } from '../../use-cases/authenticate-api-key.js';
import type { TransactionWaiter } from '../../data-access/transaction-waiter.js';
import type { QrSettings } from '../../use-cases/lookup-card.js';
import { addAnalyticsRoutes } from './analytics-routes.js';
import { addAuditRoutes } from './audit-routes.js';
import { addBusinessRoutes } from './business-routes.js';
import { addApiKeyRoutes } from './api-key-routes.js';
import { addCampaignRoutes } from './campaign-routes.js';
import { authenticate } from './auth-middleware.js';
import { addAuthRoutes } from './auth-routes.js';
import { addCounterRoutes } from './counter-routes.js';
import { addExportRoutes, type ExportServices } from './export-routes.js';
import { addStaffIdentityRoutes } from './staff-identity-routes.js';
import { addStaffRoutes } from './staff-routes.js';

export interface RouteDeps {
  em: () => EntityManager;
  verifier: TokenVerifier;
  denylist: TokenDenylist;
  signInGuard: SignInGuard;
  identity: StaffIdentity;
  recordApiKeyUsage: UsageRecorder;
  sessionSecret: string;
  waiter: TransactionWaiter;
  preferWaitMaxSeconds: number;
  qr: QrSettings;
  exports: ExportServices;
  /** The DynamoDB audit table the audit writer fills. */
  audit: AuditTable;
  foundingQuota: Quota;
}

export interface StaffState {
  principal: Principal;
  em: EntityManager;
  body: unknown;
}

export type AdminApi = ApiRouter<StaffState>;

export function adminApi(deps: RouteDeps): AdminApi {
  const api = new ApiRouter<StaffState>(
    {
      title: 'Loyalty admin API',
      version: '1',
      description:
        'For staff and POS terminals. Every `/businesses/{businessId}/…` route acts within that one business: to a caller who is not its staff it answers 404, as if it did not exist.',
    },
    {
      tags: {
        auth: 'Staff sign-in: password, then a new password or TOTP set-up on first sign-in, then the TOTP code; token refresh and sign-out.',
        counter: 'At the counter: find a card, record visits, purchases, redemptions, reversals and adjustments, follow them until the processor settles them.',
        businesses: 'A business is the tenant: everything else belongs to one.',
        brands: 'The names customers know; each brand has its stores and programs.',
        stores: 'Where customers are served: address, time zone, opening hours.',
        programs: 'Stamp and points programs and their lifecycle: draft → active ⇄ paused → ended.',
        catalog: 'What a program’s customers can spend their stamps or points on.',
        staff: 'Staff members of a business, their role (owner, admin, manager, cashier) and the stores they may act for.',
        'api keys': 'POS terminal keys, one store each: they may record transactions and read them back, nothing else.',
        analytics: 'Figures from the analytics processor: daily totals per store-local day, store and program, and customer insights.',
        exports: 'Data exports (transactions, customers, ledger) as gzipped CSV or JSON Lines in S3, fetched by presigned link.',
        audit: 'The audit trail: security events (sign-ins, keys, roles) and staff actions, kept per category in DynamoDB.',
        campaigns: 'Marketing emails to the customers of a program who agreed to them, throttled, each with a one-click unsubscribe link.',
      },
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description: 'A POS terminal key of one store (also accepted as `Authorization: ApiKey <key>`): transactions only',
        },
      },
    },
  );

  api.use(authenticate(deps));

  addAuthRoutes(api, deps);
  addBusinessRoutes(api, deps);
  addStaffRoutes(api, deps);
  addStaffIdentityRoutes(api, deps);
  addApiKeyRoutes(api);
  addCounterRoutes(api, deps);
  addAnalyticsRoutes(api);
  addExportRoutes(api, deps.exports);
  addCampaignRoutes(api);
  addAuditRoutes(api, deps);
  return api;
}
