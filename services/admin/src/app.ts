import type Koa from 'koa';
import type { Logger } from '@loyalty/platform';
import { createHttpApp, type HealthChecks, type HttpAppOptions } from '@loyalty/platform/http';
import { adminApi, type RouteDeps } from './entry-points/http/routes.js';

export interface AdminAppDeps extends RouteDeps {
  logger: Logger;
  health: HealthChecks;
  http?: HttpAppOptions;
}

export function createAdminApp(deps: AdminAppDeps): Koa {
  return createHttpApp(deps.logger, deps.health, adminApi(deps), 'Loyalty admin API', deps.http);
}
