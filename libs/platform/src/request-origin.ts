import type { Context } from 'koa';

/** The caller's address (as createHttpApp trusts the proxy) and user agent, for the audit trail. */
export function requestOrigin(ctx: Context): { ip: string | null; userAgent: string | null } {
  return { ip: ctx.ip || null, userAgent: ctx.get('user-agent') || null };
}
