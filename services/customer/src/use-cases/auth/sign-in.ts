import { AppError } from '@loyalty/platform';
import type { AuthTokens, SignInOutcome } from '../../data-access/cognito-customer-auth.js';
import type { AuthDeps } from './auth-deps.js';
import type { RequestOrigin } from '@loyalty/outbox';
import { recordCustomerEvent } from './audit.js';
import { startDeviceSession } from './device-sessions.js';
import { subjectOf } from './token-claims.js';

/** Every attempt is audited, failed ones too: they are what a brute-force alarm counts. */
export async function signIn(deps: AuthDeps, email: string, password: string, origin: RequestOrigin): Promise<SignInOutcome> {
  const outcome = await audited(deps, email, origin, 'password', () => deps.provider.signIn(email, password));
  if ('tokens' in outcome) await deps.signInGuard.succeeded(email);
  if (!('tokens' in outcome)) return outcome;
  await recordCustomerEvent(deps.em(), 'sign_in.succeeded', { sub: subjectOf(outcome.tokens.accessToken), email }, origin, { method: 'password' });
  return { tokens: await startDeviceSession(deps, outcome.tokens, origin) };
}

export async function answerMfaChallenge(deps: AuthDeps, email: string, session: string, code: string, origin: RequestOrigin): Promise<AuthTokens> {
  const tokens = await audited(deps, email, origin, 'totp', () => deps.provider.answerMfa(email, session, code));
  await deps.signInGuard.succeeded(email);
  await recordCustomerEvent(deps.em(), 'sign_in.succeeded', { sub: subjectOf(tokens.accessToken), email }, origin, { method: 'password+totp' });
  return startDeviceSession(deps, tokens, origin);
}

async function audited<T>(deps: AuthDeps, email: string, origin: RequestOrigin, step: string, attempt: () => Promise<T>): Promise<T> {
  try {
    await deps.signInGuard.check(email);
  } catch (locked) {
    await recordCustomerEvent(deps.em(), 'sign_in.locked_out', { sub: null, email }, origin, { step });
    throw locked;
  }
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      await deps.signInGuard.failed(email);
      await recordCustomerEvent(deps.em(), 'sign_in.failed', { sub: null, email }, origin, { step, reason: error.code });
    }
    throw error;
  }
}
