import { z } from 'zod';
import { unsubscribe } from '../../use-cases/unsubscribe.js';
import type { CustomerApi, RouteDeps } from './routes.js';

/** The one path that takes a form body: mail clients POST `List-Unsubscribe=One-Click` as a form (RFC 8058). */
export const unsubscribePath = /^\/unsubscribe\/[^/]+$/;

const tokenParams = z.object({ token: z.string().min(1).max(200) });

export function addUnsubscribeRoutes(api: CustomerApi, deps: Pick<RouteDeps, 'em' | 'unsubscribeSecret'>): void {
  api.add({
    method: 'post',
    path: '/unsubscribe/{token}',
    operationId: 'revokeMarketingConsent',
    public: true,
    summary: 'One-click unsubscribe from marketing mail (RFC 8058); no sign-in',
    description:
      'Public: the signed token in the `List-Unsubscribe` link of a marketing mail names the customer. Withdraws their marketing consent and answers 200; repeating it answers 200 again. Takes the form body `List-Unsubscribe=One-Click` a mail client sends, or none. 400 INVALID_UNSUBSCRIBE_LINK for a token we did not sign.',
    tags: ['profile'],
    params: tokenParams,
    responses: { 200: { description: 'Unsubscribed', body: z.object({ message: z.string() }) } },
    problems: { 400: 'INVALID_UNSUBSCRIBE_LINK', 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      await unsubscribe(deps.em(), params.token, deps.unsubscribeSecret);
      ctx.body = { message: 'You will get no more marketing email from us' };
    },
  });
}
