import type { Middleware } from 'koa';

export type CheckStatus = 'ok' | 'degraded' | 'down';
export type HealthChecks = Record<string, () => Promise<CheckStatus>>;

/**
 * /healthz says the process is alive; /readyz runs every check: 200 while none is down (degraded
 * still serves, and says so), 503 when one is, so a load balancer stops sending traffic.
 */
export function healthEndpoints(checks: HealthChecks): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET') return next();
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.path !== '/readyz') return next();
    const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await check().catch((): CheckStatus => 'down')] as const));
    const statuses = results.map(([, status]) => status);
    const status: CheckStatus = statuses.includes('down') ? 'down' : statuses.includes('degraded') ? 'degraded' : 'ok';
    ctx.status = status === 'down' ? 503 : 200;
    ctx.body = { status, checks: Object.fromEntries(results) };
  };
}
