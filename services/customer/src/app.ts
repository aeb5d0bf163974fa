import Koa from 'koa';
import { correlation, healthEndpoints, jsonBody, problemDetails, requestLog, type HealthChecks, type Logger } from '@loyalty/platform';
import { customerRoutes, type RouteDeps } from './entry-points/http/routes.js';

export interface CustomerAppDeps extends RouteDeps {
  logger: Logger;
  health: HealthChecks;
}

export function createCustomerApp(deps: CustomerAppDeps): Koa {
  const app = new Koa();
  app.proxy = true;
  app.use(correlation());
  app.use(requestLog(deps.logger));
  app.use(problemDetails(deps.logger));
  app.use(healthEndpoints(deps.health));
  app.use(jsonBody());
  const routes = customerRoutes(deps);
  app.use(routes.routes());
  app.use(routes.allowedMethods({ throw: true }));
  return app;
}
