import type { Context } from 'koa';
import type { z } from 'zod';
import { answerChallenge, refreshTokens, signIn, signOut, type AuthDeps, type SignInAnswer } from '../../use-cases/auth-sign-in.js';
import type { StaffTokens } from '../../data-access/staff-identity.js';
import { confirmStaffSignUp, resendStaffCode, signUpStaff } from '../../use-cases/staff-sign-up.js';
import {
  acceptedView,
  challengeBody,
  confirmBody,
  emailBody,
  refreshBody,
  signInAnswerView,
  signInBody,
  signOutBody,
  signUpBody,
  tokensView,
} from './auth-schemas.js';
import { requestOrigin } from '@loyalty/platform/http';
import type { AdminApi } from './routes.js';

/** Staff sign-up and sign-in, fronting the staff user pool: password, forced new password, TOTP set-up and codes. */
export function addAuthRoutes(api: AdminApi, deps: AuthDeps): void {
  api.add({
    method: 'post',
    path: '/auth/sign-up',
    operationId: 'signUp',
    public: true,
    summary: 'A new owner signs up; a confirmation code goes to the email address',
    description:
      'Public. Creates an unconfirmed staff user with no business and emails a confirmation code. After /auth/confirm, sign in at /auth/sign-in (TOTP set-up comes first, as for every staff user), then found a business with POST /businesses. 400 PASSWORD_POLICY for a weak password, 409 STAFF_USER_EXISTS for a taken email.',
    tags: ['auth'],
    body: signUpBody,
    responses: { 202: { description: 'Signed up, waiting for the code', body: acceptedView } },
    problems: { 400: 'PASSWORD_POLICY, VALIDATION_FAILED', 409: 'STAFF_USER_EXISTS', 429: 'RATE_LIMITED' },
    handle: async (ctx, { body }) => {
      await signUpStaff(deps, body.email, body.password, requestOrigin(ctx));
      ctx.status = 202;
      ctx.body = { message: 'A confirmation code is on its way to the email address' };
    },
  });

  api.add({
    method: 'post',
    path: '/auth/confirm',
    operationId: 'confirmSignUp',
    public: true,
    summary: 'Confirm the email address of a new staff user with the emailed code',
    description:
      'Public. Confirms a user from /auth/sign-up. 400 CODE_MISMATCH for a wrong code (and for an unknown or already confirmed address), CODE_EXPIRED for an old one (ask for another at /auth/resend-code).',
    tags: ['auth'],
    body: confirmBody,
    responses: { 204: { description: 'Confirmed: sign in now' } },
    problems: { 400: 'CODE_MISMATCH, CODE_EXPIRED, VALIDATION_FAILED', 429: 'RATE_LIMITED' },
    handle: async (ctx, { body }) => {
      await confirmStaffSignUp(deps, body.email, body.code);
      ctx.status = 204;
    },
  });

  api.add({
    method: 'post',
    path: '/auth/resend-code',
    operationId: 'resendSignUpCode',
    public: true,
    summary: 'Send the sign-up confirmation code again (same answer for unknown addresses)',
    description: 'Public. Emails a new code to an unconfirmed staff user. Always answers 202 with the same message, so it does not reveal who has signed up.',
    tags: ['auth'],
    body: emailBody,
    responses: { 202: { description: 'Accepted', body: acceptedView } },
    problems: { 429: 'RATE_LIMITED' },
    handle: async (ctx, { body }) => {
      await resendStaffCode(deps, body.email);
      ctx.status = 202;
      ctx.body = { message: 'If the address is waiting for confirmation, a new code is on its way to it' };
    },
  });

  api.add({
    method: 'post',
    path: '/auth/sign-in',
    operationId: 'signIn',
    public: true,
    summary: 'Sign in with email and password; a challenge always follows (new password, TOTP set-up or TOTP code)',
    description:
      'Public. Checks email and password against the staff user pool and answers the next step with a `session` for /auth/challenge: staff always pass MFA, so tokens never come from here. A wrong password and an unknown email both answer 401 SIGN_IN_FAILED; the right password of a user who has not confirmed the sign-up code, 403 NOT_CONFIRMED; repeated failures lock the account for a while (429 ACCOUNT_LOCKED with Retry-After).',
    tags: ['auth'],
    body: signInBody,
    responses: { 200: { description: 'The next step', body: signInAnswerView } },
    problems: { 401: 'SIGN_IN_FAILED', 403: 'NOT_CONFIRMED', 429: 'RATE_LIMITED, ACCOUNT_LOCKED' },
    handle: async (ctx, { body }) => {
      answer(ctx, await signIn(deps, body.email, body.password, requestOrigin(ctx)));
    },
  });

  api.add({
    method: 'post',
    path: '/auth/challenge',
    operationId: 'answerSignInChallenge',
    public: true,
    summary: 'Answer a sign-in challenge: NEW_PASSWORD_REQUIRED with newPassword, MFA_SETUP or SOFTWARE_TOKEN_MFA with code',
    description:
      'Public. Send the `session` of the previous step with what its challenge asks for; the answer is the next challenge or, after the TOTP code, the access, id and refresh tokens. A session is single-purpose: sent to another step or after it expired it answers 401 SESSION_INVALID.',
    tags: ['auth'],
    body: challengeBody,
    responses: { 200: { description: 'Tokens, or the next step', body: signInAnswerView } },
    problems: { 400: 'PASSWORD_POLICY, VALIDATION_FAILED', 401: 'SESSION_INVALID, INVALID_MFA_CODE, SIGN_IN_FAILED', 429: 'RATE_LIMITED, ACCOUNT_LOCKED' },
    handle: async (ctx, { body }) => {
      answer(ctx, await answerChallenge(deps, body, requestOrigin(ctx)));
    },
  });

  api.add({
    method: 'post',
    path: '/auth/refresh',
    operationId: 'refreshTokens',
    public: true,
    summary: 'New access and id tokens for a refresh token',
    description:
      'Public. Trades a staff refresh token for new access and id tokens; keep the refresh token when the answer has none. A revoked or expired refresh token answers 401 SIGN_IN_FAILED: sign in again.',
    tags: ['auth'],
    body: refreshBody,
    responses: { 200: { description: 'Tokens', body: tokensView } },
    problems: { 401: 'SIGN_IN_FAILED' },
    handle: async (ctx, { body }) => {
      ctx.body = tokensBody(await refreshTokens(deps, body.refreshToken));
    },
  });

  api.add({
    method: 'post',
    path: '/auth/sign-out',
    operationId: 'signOut',
    public: true,
    summary: 'Sign out: the access token sent stops working at once; a refresh token in the body is revoked',
    description:
      'Send the access token as usual (without a valid one: 401); it is denied from now on, even before it expires, and a refresh token in the body is revoked in the staff pool.',
    tags: ['auth'],
    body: signOutBody,
    responses: { 204: { description: 'Signed out' } },
    handle: async (ctx, { body }) => {
      await signOut(deps, ctx.get('authorization'), body?.refreshToken, requestOrigin(ctx));
      ctx.status = 204;
    },
  });
}

function answer(ctx: Context, result: SignInAnswer): void {
  ctx.body = result.status === 'signed-in' ? tokensBody(result.tokens) : result;
}

function tokensBody(tokens: StaffTokens): z.infer<typeof tokensView> {
  return { status: 'signed-in', ...tokens, tokenType: 'Bearer' };
}
