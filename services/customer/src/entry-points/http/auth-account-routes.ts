import type { AuthDeps } from '../../use-cases/auth/auth-deps.js';
import { endDeviceSession, listDeviceSessions } from '../../use-cases/auth/device-sessions.js';
import { linkedIdentities, linkIdentity, unlinkIdentity } from '../../use-cases/auth/social-sign-in.js';
import { confirmTotpEnrolment, disableMfa, startTotpEnrolment } from '../../use-cases/auth/totp-mfa.js';
import { requestOrigin } from '@loyalty/platform/http';
import type { CustomerApi } from './routes.js';
import { identitiesView, identityLink, provider, sessionId, sessionsView, totpCode, totpEnrolmentView } from './auth-schemas.js';
import { z } from 'zod';

/** The signed-in customer's own sign-in settings: authenticator MFA, linked social identities and signed-in devices. */
export function addAuthAccountRoutes(api: CustomerApi, deps: AuthDeps): void {
  api.add({
    method: 'post',
    path: '/me/mfa/totp',
    operationId: 'startTotpEnrolment',
    summary: 'Start authenticator (TOTP) set-up: a secret and an otpauth:// URI for a QR code',
    description:
      'The signed-in customer. Answers a new authenticator secret and its otpauth:// URI to show as a QR code; MFA is on only once /me/mfa/totp/verify accepted a code.',
    tags: ['auth'],
    responses: { 200: { description: 'Secret', body: totpEnrolmentView } },
    handle: async (ctx) => {
      ctx.body = await startTotpEnrolment(deps, ctx.state.principal, ctx.state.customer.email ?? null);
    },
  });

  api.add({
    method: 'post',
    path: '/me/mfa/totp/verify',
    operationId: 'confirmTotpEnrolment',
    summary: 'Finish set-up with a code from the authenticator: sign-in asks for a code from now on',
    description:
      'The signed-in customer. Checks a code from the authenticator and turns MFA on: every sign-in then asks for a code. 400 CODE_MISMATCH for a wrong code, 409 MFA_NOT_STARTED without a prior /me/mfa/totp.',
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
    operationId: 'disableMfa',
    summary: 'Turn authenticator MFA off',
    description: 'The signed-in customer. Turns authenticator MFA off; sign-in asks for the password only from now on.',
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
    operationId: 'listLinkedIdentities',
    summary: 'Social identities linked to my account',
    description: 'The signed-in customer. Answers the Google and Apple identities that can sign in to this account.',
    tags: ['auth'],
    responses: { 200: { description: 'Linked identities', body: identitiesView } },
    handle: async (ctx) => {
      ctx.body = { items: await linkedIdentities(deps, ctx.state.principal) };
    },
  });

  api.add({
    method: 'post',
    path: '/me/identities',
    operationId: 'linkIdentity',
    summary: 'Link a Google or Apple identity to my account',
    description:
      "The signed-in customer, with the provider's ID token from its sign-in SDK as proof of controlling that account; signing in with it then reaches this account. 409 IDENTITY_ALREADY_LINKED if that identity belongs to an account already.",
    tags: ['auth'],
    body: identityLink,
    responses: { 204: { description: 'Linked' } },
    problems: {
      401: 'UNAUTHORIZED, INVALID_IDENTITY_TOKEN',
      409: 'IDENTITY_ALREADY_LINKED',
      501: 'NOT_SUPPORTED_BY_EMULATOR (cognito-local only)',
      503: 'SOCIAL_PROVIDER_UNAVAILABLE',
    },
    handle: async (ctx, { body }) => {
      await linkIdentity(deps, ctx.state.principal, ctx.state.customer.email ?? null, body, requestOrigin(ctx));
      ctx.status = 204;
    },
  });

  api.add({
    method: 'delete',
    path: '/me/identities/{provider}',
    operationId: 'unlinkIdentity',
    summary: 'Unlink a social identity from my account',
    description: 'The signed-in customer. Signing in with that provider no longer reaches this account; 404 NOT_FOUND if none was linked.',
    tags: ['auth'],
    params: z.object({ provider }),
    responses: { 204: { description: 'Unlinked' } },
    problems: { 404: 'NOT_FOUND', 501: 'NOT_SUPPORTED_BY_EMULATOR (cognito-local only)' },
    handle: async (ctx, { params }) => {
      await unlinkIdentity(deps, ctx.state.principal, ctx.state.customer.email ?? null, params.provider, requestOrigin(ctx));
      ctx.status = 204;
    },
  });

  api.add({
    method: 'get',
    path: '/me/sessions',
    operationId: 'listDeviceSessions',
    summary: 'My signed-in devices: one per sign-in, with its device, IP and when it was last used',
    description:
      'The signed-in customer. One session per sign-in (password, MFA or hosted UI) until it signs out, is signed out here, or its refresh token expires; most recently used first. `current` marks the session of the access token sent.',
    tags: ['auth'],
    responses: { 200: { description: 'Sessions', body: sessionsView } },
    handle: async (ctx) => {
      ctx.body = { items: await listDeviceSessions(deps, ctx.state.principal) };
    },
  });

  api.add({
    method: 'delete',
    path: '/me/sessions/{sessionId}',
    operationId: 'endDeviceSession',
    summary: 'Sign a device out: its refresh token stops refreshing and its access tokens stop working',
    description:
      'The signed-in customer, for any of their own sessions (the current one included). Its refresh token answers 401 INVALID_REFRESH_TOKEN from now on and its access tokens are refused at once. 404 NOT_FOUND for a session that is not theirs or has already ended.',
    tags: ['auth'],
    params: z.object({ sessionId }),
    responses: { 204: { description: 'Signed out' } },
    problems: { 404: 'NOT_FOUND' },
    handle: async (ctx, { params }) => {
      await endDeviceSession(deps, ctx.state.principal, ctx.state.customer.email ?? null, params.sessionId, requestOrigin(ctx));
      ctx.status = 204;
    },
  });
}
