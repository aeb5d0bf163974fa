import type Koa from 'koa';
import type { Logger } from '@loyalty/platform';
import { createHttpApp, type HealthChecks, type HttpAppOptions } from '@loyalty/platform/http';
import { customerApi, type RouteDeps } from './entry-points/http/routes.js';
import { unsubscribePath } from './entry-points/http/unsubscribe-routes.js';

export interface CustomerAppDeps extends RouteDeps {
  logger: Logger;
  health: HealthChecks;
  http?: HttpAppOptions;
}

export function createCustomerApp(deps: CustomerAppDeps): Koa {
  return createHttpApp(deps.logger, deps.health, customerApi(deps), 'Loyalty customer API', { ...deps.http, formBodyPaths: unsubscribePath });
}
