import { AppError } from '@loyalty/platform';
import type { Principal } from '@loyalty/identity';
import type { AuthTokens } from '../../data-access/cognito-customer-auth.js';
import type { AuthorizationCodeGrant } from '../../data-access/cognito-hosted-ui.js';
import type { LinkedIdentity, SocialProvider } from '../../data-access/cognito-identity-links.js';
import type { AuthDeps } from './auth-deps.js';
import type { RequestOrigin } from '@loyalty/outbox';
import { recordCustomerEvent } from './audit.js';
import { startDeviceSession } from './device-sessions.js';
import { subjectOf } from './token-claims.js';

export async function exchangeAuthorizationCode(deps: AuthDeps, grant: AuthorizationCodeGrant, origin: RequestOrigin): Promise<AuthTokens> {
  if (!deps.exchangeCode) throw new AppError({ code: 'SOCIAL_SIGN_IN_UNAVAILABLE', status: 503, detail: 'Social sign-in is not configured here' });
  try {
    const tokens = await deps.exchangeCode(grant);
    await recordCustomerEvent(deps.em(), 'sign_in.succeeded', { sub: subjectOf(tokens.accessToken), email: null }, origin, { method: 'hosted_ui' });
    return await startDeviceSession(deps, tokens, origin);
  } catch (error) {
    if (error instanceof AppError && error.status === 401)
      await recordCustomerEvent(deps.em(), 'sign_in.failed', { sub: null, email: null }, origin, { step: 'hosted_ui', reason: error.code });
    throw error;
  }
}

export async function linkIdentity(
  deps: AuthDeps,
  principal: Principal,
  email: string | null,
  proof: { provider: SocialProvider; idToken: string },
  origin: RequestOrigin,
): Promise<void> {
  const identity = await deps.proveSocialIdentity(proof.provider, proof.idToken);
  await deps.identityLinks.link(principal.username, identity);
  await recordCustomerEvent(deps.em(), 'social.linked', { sub: principal.sub, email }, origin, { provider: identity.provider });
}

export async function unlinkIdentity(deps: AuthDeps, principal: Principal, email: string | null, provider: string, origin: RequestOrigin): Promise<void> {
  const linked = (await deps.identityLinks.list(principal.username)).find((identity) => identity.provider === provider);
  if (!linked) throw AppError.notFound(`A linked ${provider} identity`);
  await deps.identityLinks.unlink(linked);
  await recordCustomerEvent(deps.em(), 'social.unlinked', { sub: principal.sub, email }, origin, { provider });
}

export function linkedIdentities(deps: AuthDeps, principal: Principal): Promise<LinkedIdentity[]> {
  return deps.identityLinks.list(principal.username);
}
