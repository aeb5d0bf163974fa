import type { Context, Middleware, Next } from 'koa';

const apiPolicy = "default-src 'none'; frame-ancestors 'none'";
/** Swagger UI is served from this origin; its page boots with one inline script and uses inline styles and data: icons. */
const docsPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/** Set before anything runs, so error answers carry them too. Routes that may be cached (docs assets) override Cache-Control. */
export function securityHeaders(): Middleware {
  return async (ctx: Context, next: Next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.set('Content-Security-Policy', ctx.path === '/docs' || ctx.path.startsWith('/docs/') ? docsPolicy : apiPolicy);
    ctx.set('Cache-Control', 'no-store');
    await next();
  };
}

const allowedHeaders = 'Authorization, Content-Type, Idempotency-Key, Prefer, X-Api-Key, X-Correlation-Id';
const exposedHeaders = 'Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Correlation-Id';

/**
 * CORS for the listed origins only; any other origin gets no CORS headers, so browsers refuse it.
 * Preflights are answered here (204) for every origin. No credentials: the APIs take bearer tokens,
 * not cookies.
 */
export function cors(origins: readonly string[]): Middleware {
  const allowed = new Set(origins);
  return async (ctx: Context, next: Next) => {
    const origin = ctx.get('origin');
    ctx.vary('Origin');
    const permitted = origin !== '' && allowed.has(origin);
    if (permitted) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Expose-Headers', exposedHeaders);
    }
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      if (permitted) {
        ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        ctx.set('Access-Control-Allow-Headers', allowedHeaders);
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    await next();
  };
}
