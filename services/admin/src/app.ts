import type Koa from 'koa';
import { createHttpApp, type HealthChecks, type HttpAppOptions, type Logger } from '@loyalty/platform';
import { adminApi, type RouteDeps } from './entry-points/http/routes.js';

export interface AdminAppDeps extends RouteDeps {
  logger: Logger;
  health: HealthChecks;
  http?: HttpAppOptions;
}

export function createAdminApp(deps: AdminAppDeps): Koa {
  return createHttpApp(deps.logger, deps.health, adminApi(deps), 'Loyalty admin API', deps.http);
}
