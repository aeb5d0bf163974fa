import Koa from 'koa';
import type { ApiRouter } from './api/api-router.js';
import { docsEndpoints } from './api/docs-endpoints.js';
import { healthEndpoints, type HealthChecks } from './health.js';
import { correlation, jsonBody, problemDetails, requestLog } from './http.js';
import type { Logger } from './logger.js';

/** The middleware every API shares, in the order that matters: correlation first, errors around everything. */
export function createHttpApp<S>(logger: Logger, health: HealthChecks, api: ApiRouter<S>, title: string): Koa {
  const app = new Koa();
  app.proxy = true;
  app.use(correlation());
  app.use(requestLog(logger));
  app.use(problemDetails(logger));
  app.use(healthEndpoints(health));
  app.use(docsEndpoints(title, () => api.document()));
  app.use(jsonBody());
  const router = api.router();
  app.use(router.routes() as Koa.Middleware);
  app.use(router.allowedMethods({ throw: true }) as Koa.Middleware);
  return app;
}
