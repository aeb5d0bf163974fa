import type { ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import { AppError } from '@loyalty/platform';
import { StaffMember, type EntityManager } from '@loyalty/db';
import { assertPasswordPolicy, type Principal, type TokenDenylist, type TokenVerifier } from '@loyalty/identity';
import type { SignInGuard } from '@loyalty/runtime/api';
import { recordSecurityEvent, type RequestOrigin, type SecurityEvent } from '@loyalty/outbox';
import type { AuthStep, StaffIdentity, StaffTokens } from '../data-access/staff-identity.js';
import { openSession, sealSession } from '../domain/auth-session.js';

export interface AuthDeps {
  em: () => EntityManager;
  identity: StaffIdentity;
  verifier: TokenVerifier;
  denylist: TokenDenylist;
  signInGuard: SignInGuard;
  sessionSecret: string;
}

export type SignInChallenge = 'NEW_PASSWORD_REQUIRED' | 'MFA_SETUP' | 'SOFTWARE_TOKEN_MFA';

export type SignInAnswer =
  | { status: 'signed-in'; tokens: StaffTokens }
  | { status: 'challenge'; challenge: SignInChallenge; session: string; totp?: { secret: string; uri: string } };

export interface ChallengeAnswer {
  email: string;
  session: string;
  challenge: SignInChallenge;
  newPassword?: string | undefined;
  code?: string | undefined;
}

/** Cognito's own session, or tokens we hold back because the user has no TOTP yet (see docs/identity.md). */
type Pending =
  | { email: string; challenge: SignInChallenge; via: 'cognito'; username: string; session: string }
  | { email: string; challenge: 'MFA_SETUP'; via: 'withheld-tokens'; tokens: StaffTokens };

const supported = new Set<ChallengeNameType>(['NEW_PASSWORD_REQUIRED', 'MFA_SETUP', 'SOFTWARE_TOKEN_MFA']);

/** Step one: email and password. Staff never get tokens here: a challenge always follows. */
export async function signIn(deps: AuthDeps, email: string, password: string, origin: RequestOrigin): Promise<SignInAnswer> {
  await deps.signInGuard.check(email);
  return auditFailure(deps, email, origin, async () => next(deps, email, await deps.identity.signIn(email, password), { mfaPassed: false }, origin));
}

/** The following steps: forced new password, TOTP set-up, TOTP code. */
export async function answerChallenge(deps: AuthDeps, answer: ChallengeAnswer, origin: RequestOrigin): Promise<SignInAnswer> {
  const pending = openSession<Pending>(deps.sessionSecret, answer.session);
  if (pending.email !== answer.email || pending.challenge !== answer.challenge) {
    throw new AppError({ code: 'SESSION_INVALID', status: 401, detail: 'This session belongs to another sign-in step' });
  }
  await deps.signInGuard.check(answer.email);
  return auditFailure(deps, answer.email, origin, async () => {
    if (pending.challenge === 'NEW_PASSWORD_REQUIRED' && pending.via === 'cognito') {
      const newPassword = required(answer.newPassword, 'newPassword');
      assertPasswordPolicy('staff', newPassword);
      const step = await deps.identity.answer('NEW_PASSWORD_REQUIRED', pending.username, pending.session, { NEW_PASSWORD: newPassword });
      return next(deps, answer.email, step, { mfaPassed: false }, origin);
    }
    const code = required(answer.code, 'code');
    if (pending.via === 'withheld-tokens') {
      await deps.identity.verifyTotp({ accessToken: pending.tokens.accessToken }, code);
      await deps.identity.preferTotp(pending.tokens.accessToken);
      return signedIn(deps, answer.email, pending.tokens, origin, { mfaEnabled: true });
    }
    if (pending.challenge === 'MFA_SETUP') {
      const verified = await deps.identity.verifyTotp({ session: pending.session }, code);
      const step = await deps.identity.answer('MFA_SETUP', pending.username, verified.session ?? pending.session, {});
      return next(deps, answer.email, step, { mfaPassed: true, mfaEnabled: true }, origin);
    }
    const step = await deps.identity.answer('SOFTWARE_TOKEN_MFA', pending.username, pending.session, { SOFTWARE_TOKEN_MFA_CODE: code });
    return next(deps, answer.email, step, { mfaPassed: true }, origin);
  });
}

export async function refreshTokens(deps: AuthDeps, refreshToken: string): Promise<StaffTokens> {
  return deps.identity.refresh(refreshToken);
}

/** The access token stops working at once (denylist); the refresh token, if sent, is revoked in Cognito. */
export async function signOut(deps: AuthDeps, authorization: string | undefined, refreshToken: string | undefined, origin: RequestOrigin): Promise<void> {
  const principal = await deps.verifier.verify(authorization);
  await deps.denylist.deny(principal.token, principal.expiresAt);
  if (refreshToken) await deps.identity.revoke(refreshToken);
  await audit(deps, principal, { action: 'sign_out', actor: staffActor(principal), subject: staffSubject(principal) }, origin);
}

async function next(
  deps: AuthDeps,
  email: string,
  step: AuthStep,
  mfa: { mfaPassed: boolean; mfaEnabled?: boolean },
  origin: RequestOrigin,
): Promise<SignInAnswer> {
  if (step.kind === 'tokens') {
    if (mfa.mfaPassed) return signedIn(deps, email, step.tokens, origin, { mfaEnabled: mfa.mfaEnabled ?? false });
    // Cognito let a staff user in without MFA (cognito-local cannot require it): set TOTP up first.
    const { secret } = await deps.identity.associateTotp({ accessToken: step.tokens.accessToken });
    const pending: Pending = { email, challenge: 'MFA_SETUP', via: 'withheld-tokens', tokens: step.tokens };
    return { status: 'challenge', challenge: 'MFA_SETUP', session: sealSession(deps.sessionSecret, pending), totp: totpSetup(email, secret) };
  }
  if (!supported.has(step.challenge)) throw new AppError({ code: 'SIGN_IN_FAILED', status: 401, detail: 'This sign-in step is not supported' });
  const challenge = step.challenge as SignInChallenge;
  if (challenge === 'MFA_SETUP') {
    const { secret, session } = await deps.identity.associateTotp({ session: step.session });
    const pending: Pending = { email, challenge, via: 'cognito', username: step.username, session: session ?? step.session };
    return { status: 'challenge', challenge, session: sealSession(deps.sessionSecret, pending), totp: totpSetup(email, secret) };
  }
  const pending: Pending = { email, challenge, via: 'cognito', username: step.username, session: step.session };
  return { status: 'challenge', challenge, session: sealSession(deps.sessionSecret, pending) };
}

async function signedIn(
  deps: AuthDeps,
  email: string,
  tokens: StaffTokens,
  origin: RequestOrigin,
  { mfaEnabled }: { mfaEnabled: boolean },
): Promise<SignInAnswer> {
  const principal = await deps.verifier.verify(`Bearer ${tokens.accessToken}`);
  await deps.signInGuard.succeeded(email);
  if (mfaEnabled)
    await audit(
      deps,
      principal,
      { action: 'mfa.enabled', actor: staffActor(principal), subject: staffSubject(principal), details: { method: 'totp' } },
      origin,
    );
  await audit(deps, principal, { action: 'sign_in.succeeded', actor: staffActor(principal), subject: staffSubject(principal) }, origin);
  return { status: 'signed-in', tokens };
}

/** A refused step is audited and counts towards the account's lock-out, wrong TOTP codes included. */
async function auditFailure(deps: AuthDeps, email: string, origin: RequestOrigin, attempt: () => Promise<SignInAnswer>): Promise<SignInAnswer> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof AppError && error.status === 401) {
      await deps.signInGuard.failed(email);
      await recordSecurityEvent(
        deps.em(),
        null,
        { action: 'sign_in.failed', actor: { type: 'anonymous', id: null, username: email }, subject: null, details: { reason: error.code } },
        origin,
      );
    }
    throw error;
  }
}

/** Staff events go to the member's business; a user with no membership yet to the platform. */
async function audit(deps: AuthDeps, principal: Principal, event: SecurityEvent, origin: RequestOrigin): Promise<void> {
  const em = deps.em();
  const member = await em.findOne(StaffMember, { cognitoSub: principal.sub });
  await recordSecurityEvent(em, member?.businessId ?? null, event, origin);
}

function totpSetup(email: string, secret: string): { secret: string; uri: string } {
  const label = encodeURIComponent(`Loyalty staff:${email}`);
  return { secret, uri: `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent('Loyalty staff')}` };
}

function required(value: string | undefined, field: string): string {
  if (!value) throw AppError.badRequest('VALIDATION_FAILED', `${field} is required for this challenge`);
  return value;
}

const staffActor = (principal: Principal) => ({ type: 'staff' as const, id: principal.sub, username: principal.username });
const staffSubject = (principal: Principal) => ({ type: 'staff_user', id: principal.sub });
