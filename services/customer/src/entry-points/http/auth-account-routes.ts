import type { AuthDeps } from '../../use-cases/auth/auth-deps.js';
import { linkedIdentities, linkIdentity, unlinkIdentity } from '../../use-cases/auth/social-sign-in.js';
import { confirmTotpEnrolment, disableMfa, startTotpEnrolment } from '../../use-cases/auth/totp-mfa.js';
import { requestOrigin } from '@loyalty/platform/http';
import type { CustomerApi } from './routes.js';
import { identitiesView, identityLink, provider, totpCode, totpEnrolmentView } from './auth-schemas.js';
import { z } from 'zod';

/** The signed-in customer's own sign-in settings: authenticator MFA and linked social identities. */
export function addAuthAccountRoutes(api: CustomerApi, deps: AuthDeps): void {
  api.add({
    method: 'post',
    path: '/me/mfa/totp',
    summary: 'Start authenticator (TOTP) set-up: a secret and an otpauth:// URI for a QR code',
    tags: ['auth'],
    responses: { 200: { description: 'Secret', body: totpEnrolmentView } },
    handle: async (ctx) => {
      ctx.body = await startTotpEnrolment(deps, ctx.state.principal, ctx.state.customer.email ?? null);
    },
  });

  api.add({
    method: 'post',
    path: '/me/mfa/totp/verify',
    summary: 'Finish set-up with a code from the authenticator: sign-in asks for a code from now on',
    tags: ['auth'],
    body: totpCode,
    responses: { 204: { description: 'MFA on' } },
    problems: { 400: 'CODE_MISMATCH', 409: 'MFA_NOT_STARTED' },
    handle: async (ctx, { body }) => {
      await confirmTotpEnrolment(deps, ctx.state.principal, ctx.state.customer.email ?? null, body.code, requestOrigin(ctx));
      ctx.status = 204;
    },
  });

  api.add({
    method: 'delete',
    path: '/me/mfa',
    summary: 'Turn authenticator MFA off',
    tags: ['auth'],
    responses: { 204: { description: 'MFA off' } },
    handle: async (ctx) => {
      await disableMfa(deps, ctx.state.principal, ctx.state.customer.email ?? null, requestOrigin(ctx));
      ctx.status = 204;
    },
  });

  api.add({
    method: 'get',
    path: '/me/identities',
    summary: 'Social identities linked to my account',
    tags: ['auth'],
    responses: { 200: { description: 'Linked identities', body: identitiesView } },
    handle: async (ctx) => {
      ctx.body = { items: await linkedIdentities(deps, ctx.state.principal) };
    },
  });

  api.add({
    method: 'post',
    path: '/me/identities',
    summary: 'Link a Google or Apple identity to my account',
    tags: ['auth'],
    body: identityLink,
    responses: { 204: { description: 'Linked' } },
    problems: { 409: 'IDENTITY_ALREADY_LINKED' },
    handle: async (ctx, { body }) => {
      await linkIdentity(deps, ctx.state.principal, ctx.state.customer.email ?? null, body, requestOrigin(ctx));
      ctx.status = 204;
    },
  });

  api.add({
    method: 'delete',
    path: '/me/identities/{provider}',
    summary: 'Unlink a social identity from my account',
    tags: ['auth'],
    params: z.object({ provider }),
    responses: { 204: { description: 'Unlinked' } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      await unlinkIdentity(deps, ctx.state.principal, ctx.state.customer.email ?? null, params.provider, requestOrigin(ctx));
      ctx.status = 204;
    },
  });
}
