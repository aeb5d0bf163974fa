import type { Context } from 'koa';
import type { RequestOrigin } from '../../data-access/security-audit.js';

export function requestOrigin(ctx: Context): RequestOrigin {
  return { ip: ctx.ip || null, userAgent: ctx.get('user-agent') || null };
}
