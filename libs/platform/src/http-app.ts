import Koa from 'koa';
import type { ApiRouter } from './api/api-router.js';
import { docsEndpoints } from './api/docs-endpoints.js';
import { healthEndpoints, type HealthChecks } from './health.js';
import { cors, securityHeaders } from './http-hardening.js';
import { refuseHostileInput } from './http-input.js';
import { correlation, jsonBody, problemDetails, requestLog } from './http.js';
import type { Logger } from './logger.js';

export interface HttpAppOptions {
  /** Browser origins allowed to call this API (CORS_ORIGINS). */
  corsOrigins?: readonly string[];
  /** `beforeRoutes` runs once the body is parsed; `afterAuth` after the router's own middleware (authentication). */
  rateLimits?: { beforeRoutes: Koa.Middleware; afterAuth: Koa.Middleware };
  /** Paths that also take an HTML form body (RFC 8058 one-click unsubscribe POSTs one); every other path stays JSON only. */
  formBodyPaths?: RegExp;
}

/** The middleware every API shares, in the order that matters: correlation first, errors around everything. */
export function createHttpApp<S>(logger: Logger, health: HealthChecks, api: ApiRouter<S>, title: string, options: HttpAppOptions = {}): Koa {
  const app = new Koa();
  app.proxy = true;
  // Behind one load balancer the client address is the last X-Forwarded-For entry, the one it appended; earlier ones are the caller's to invent.
  app.maxIpsCount = 1;
  app.use(correlation());
  app.use(securityHeaders());
  app.use(cors(options.corsOrigins ?? []));
  app.use(requestLog(logger));
  app.use(problemDetails(logger));
  app.use(healthEndpoints(health));
  app.use(docsEndpoints(title, () => api.document()));
  app.use(jsonBody(undefined, undefined, options.formBodyPaths));
  app.use(refuseHostileInput());
  if (options.rateLimits) {
    app.use(options.rateLimits.beforeRoutes);
    api.use(options.rateLimits.afterAuth);
  }
  const router = api.router();
  app.use(router.routes() as Koa.Middleware);
  app.use(router.allowedMethods({ throw: true }) as Koa.Middleware);
  return app;
}

/** The health endpoints alone, for a process that serves nothing else but must still answer its orchestrator. */
export function createHealthApp(logger: Logger, health: HealthChecks): Koa {
  const app = new Koa();
  app.use(correlation());
  app.use(problemDetails(logger));
  app.use(healthEndpoints(health));
  return app;
}
