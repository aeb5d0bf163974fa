import type { Context } from 'koa';

export const location = { location: 'URL of the created resource' };

export function created(ctx: Context, url: string, body: object): void {
  ctx.status = 201;
  ctx.set('location', url);
  ctx.body = body;
}
