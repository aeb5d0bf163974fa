import { requestOrigin } from '@loyalty/platform/http';
import type { AuthDeps } from '../../use-cases/auth/auth-deps.js';
import { confirmEmail, resendConfirmationCode } from '../../use-cases/auth/confirm-email.js';
import { requestPasswordReset, resetPassword } from '../../use-cases/auth/password-reset.js';
import { refreshDeviceSession } from '../../use-cases/auth/device-sessions.js';
import { register } from '../../use-cases/auth/register.js';
import { answerMfaChallenge, signIn } from '../../use-cases/auth/sign-in.js';
import { signOut } from '../../use-cases/auth/sign-out.js';
import { exchangeAuthorizationCode } from '../../use-cases/auth/social-sign-in.js';
import type { CustomerApi } from './routes.js';
import {
  acceptedView,
  challengeView,
  codeGrant,
  confirmation,
  credentials,
  emailOnly,
  mfaAnswer,
  passwordReset,
  refreshRequest,
  registration,
  signOutRequest,
  tokensView,
} from './auth-schemas.js';

const accepted = { 202: { description: 'Accepted', body: acceptedView } };
const codeOnItsWay = { message: 'If the address belongs to an account, a code is on its way to it' };

/** Reachable without a token: everything before a customer has one. */
export function addAuthRoutes(api: CustomerApi, deps: AuthDeps): void {
  api.add({
    method: 'post',
    path: '/auth/register',
    operationId: 'register',
    public: true,
    summary: 'Create an account; a confirmation code goes to the email address',
    description:
      'Public. Creates an unconfirmed account in the customer pool and emails a confirmation code; sign-in works once /auth/confirm accepted it. 400 PASSWORD_POLICY for a weak password, 409 USER_EXISTS for a taken email.',
    tags: ['auth'],
    body: registration,
    responses: { 202: { description: 'Registered, waiting for the code', body: acceptedView } },
    problems: { 400: 'PASSWORD_POLICY', 409: 'USER_EXISTS' },
    handle: async (ctx, { body }) => {
      await register(deps, body, requestOrigin(ctx));
      ctx.status = 202;
      ctx.body = { message: 'A confirmation code is on its way to the email address' };
    },
  });

  api.add({
    method: 'post',
    path: '/auth/confirm',
    operationId: 'confirmEmail',
    public: true,
    summary: 'Confirm the email address with the emailed code',
    description:
      'Public. Confirms the account with the code from the registration email. 400 CODE_MISMATCH for a wrong code, CODE_EXPIRED for an old one (ask for another at /auth/resend-code).',
    tags: ['auth'],
    body: confirmation,
    responses: { 204: { description: 'Confirmed: sign in now' } },
    problems: { 400: 'CODE_MISMATCH, CODE_EXPIRED' },
    handle: async (ctx, { body }) => {
      await confirmEmail(deps, body.email, body.code);
      ctx.status = 204;
    },
  });

  api.add({
    method: 'post',
    path: '/auth/resend-code',
    operationId: 'resendConfirmationCode',
    public: true,
    summary: 'Send the confirmation code again (same answer for unknown addresses)',
    description:
      'Public. Emails a new confirmation code to an unconfirmed account. Always answers 202 with the same message, so it does not reveal which addresses have accounts.',
    tags: ['auth'],
    body: emailOnly,
    responses: accepted,
    handle: async (ctx, { body }) => {
      await resendConfirmationCode(deps, body.email);
      ctx.status = 202;
      ctx.body = codeOnItsWay;
    },
  });

  api.add({
    method: 'post',
    path: '/auth/sign-in',
    operationId: 'signIn',
    public: true,
    summary: 'Sign in with email and password: tokens, or an MFA challenge to answer at /auth/mfa',
    description:
      'Public. Answers access, id and refresh tokens, or, when the customer turned on authenticator MFA, a SOFTWARE_TOKEN_MFA challenge with a `session` for /auth/mfa. 401 INVALID_CREDENTIALS for a wrong password or unknown email, 403 NOT_CONFIRMED before the email is confirmed; repeated failures lock the account for a while (429 ACCOUNT_LOCKED with Retry-After).',
    tags: ['auth'],
    body: credentials,
    responses: { 200: { description: 'Tokens or an MFA challenge', body: tokensView.or(challengeView) } },
    problems: { 401: 'INVALID_CREDENTIALS', 403: 'NOT_CONFIRMED, PASSWORD_RESET_REQUIRED', 429: 'RATE_LIMITED, ACCOUNT_LOCKED' },
    handle: async (ctx, { body }) => {
      const outcome = await signIn(deps, body.email, body.password, requestOrigin(ctx));
      ctx.body = 'tokens' in outcome ? outcome.tokens : outcome;
    },
  });

  api.add({
    method: 'post',
    path: '/auth/mfa',
    operationId: 'answerMfaChallenge',
    public: true,
    summary: 'Answer the SOFTWARE_TOKEN_MFA challenge with the authenticator code',
    description:
      'Public. Send the `session` from /auth/sign-in with the current authenticator code; answers the tokens. 400 CODE_MISMATCH for a wrong code, 401 MFA_SESSION_EXPIRED when the session is too old: sign in again.',
    tags: ['auth'],
    body: mfaAnswer,
    responses: { 200: { description: 'Tokens', body: tokensView } },
    problems: { 400: 'CODE_MISMATCH', 401: 'MFA_SESSION_EXPIRED', 429: 'RATE_LIMITED, ACCOUNT_LOCKED' },
    handle: async (ctx, { body }) => {
      ctx.body = await answerMfaChallenge(deps, body.email, body.session, body.code, requestOrigin(ctx));
    },
  });

  api.add({
    method: 'post',
    path: '/auth/refresh',
    operationId: 'refreshTokens',
    public: true,
    summary: 'A new access token from the refresh token',
    description:
      'Public. Trades the refresh token from sign-in for new access and id tokens, and marks its device session as used. A revoked or expired refresh token, or one whose device was signed out (DELETE /me/sessions/{sessionId}), answers 401 INVALID_REFRESH_TOKEN: sign in again.',
    tags: ['auth'],
    body: refreshRequest,
    responses: { 200: { description: 'Tokens', body: tokensView } },
    problems: { 401: 'INVALID_REFRESH_TOKEN' },
    handle: async (ctx, { body }) => {
      ctx.body = await refreshDeviceSession(deps, body.refreshToken, requestOrigin(ctx));
    },
  });

  api.add({
    method: 'post',
    path: '/auth/sign-out',
    operationId: 'signOut',
    summary: 'Sign out: this access token stops working at once; a refresh token sent along is revoked',
    description:
      'The signed-in customer. The access token sent is denied from now on, even before it expires; a refresh token in the body is revoked too. The device session ends (it leaves GET /me/sessions) with every access token it was given.',
    tags: ['auth'],
    body: signOutRequest,
    responses: { 204: { description: 'Signed out' } },
    handle: async (ctx, { body }) => {
      await signOut(deps, ctx.state.principal, ctx.state.customer.email ?? null, body.refreshToken, requestOrigin(ctx));
      ctx.status = 204;
    },
  });

  api.add({
    method: 'post',
    path: '/auth/forgot-password',
    operationId: 'requestPasswordReset',
    public: true,
    summary: 'Email a password reset code (same answer for unknown addresses)',
    description:
      'Public. Emails a reset code for /auth/reset-password. Always answers 202 with the same message, so it does not reveal which addresses have accounts.',
    tags: ['auth'],
    body: emailOnly,
    responses: accepted,
    handle: async (ctx, { body }) => {
      await requestPasswordReset(deps, body.email, requestOrigin(ctx));
      ctx.status = 202;
      ctx.body = codeOnItsWay;
    },
  });

  api.add({
    method: 'post',
    path: '/auth/reset-password',
    operationId: 'resetPassword',
    public: true,
    summary: 'Set a new password with the emailed reset code',
    description:
      'Public. Sets the new password with the emailed code; sign in with it afterwards. 400 CODE_MISMATCH, CODE_EXPIRED for a bad code, PASSWORD_POLICY for a weak password.',
    tags: ['auth'],
    body: passwordReset,
    responses: { 204: { description: 'Password changed: sign in with it' } },
    problems: { 400: 'CODE_MISMATCH, CODE_EXPIRED, PASSWORD_POLICY' },
    handle: async (ctx, { body }) => {
      await resetPassword(deps, body.email, body.code, body.password, requestOrigin(ctx));
      ctx.status = 204;
    },
  });

  api.add({
    method: 'post',
    path: '/auth/social/token',
    operationId: 'exchangeAuthorizationCode',
    public: true,
    summary: "Trade the hosted UI's authorization code (Google, Apple; PKCE) for tokens",
    description:
      'Public. After the hosted sign-in page redirects back with `code`, send it with the PKCE `codeVerifier` and the same `redirectUri`; answers the tokens. 401 INVALID_AUTHORIZATION_CODE for a used or unknown code, 503 SOCIAL_SIGN_IN_UNAVAILABLE where no identity provider is configured.',
    tags: ['auth'],
    body: codeGrant,
    responses: { 200: { description: 'Tokens', body: tokensView } },
    problems: { 401: 'INVALID_AUTHORIZATION_CODE', 503: 'SOCIAL_SIGN_IN_UNAVAILABLE' },
    handle: async (ctx, { body }) => {
      ctx.body = await exchangeAuthorizationCode(deps, body, requestOrigin(ctx));
    },
  });
}
