import type { Principal } from '@loyalty/identity';
import type { AuthDeps } from './auth-deps.js';
import type { RequestOrigin } from '@loyalty/outbox';
import { recordCustomerEvent } from './audit.js';

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

const ISSUER = 'Loyalty';

/** Step one of two: the secret for the authenticator app. MFA is on only once a code from it is verified. */
export async function startTotpEnrolment(deps: AuthDeps, principal: Principal, email: string | null): Promise<TotpEnrolment> {
  const secret = await deps.provider.startTotp(principal.token);
  const label = encodeURIComponent(`${ISSUER}:${email ?? principal.username}`);
  return { secret, otpauthUri: `otpauth://totp/${label}?secret=${secret}&issuer=${ISSUER}&algorithm=SHA1&digits=6&period=30` };
}

export async function confirmTotpEnrolment(deps: AuthDeps, principal: Principal, email: string | null, code: string, origin: RequestOrigin): Promise<void> {
  await deps.provider.confirmTotp(principal.token, code);
  await recordCustomerEvent(deps.em(), 'mfa.enabled', { sub: principal.sub, email }, origin, { method: 'totp' });
}

export async function disableMfa(deps: AuthDeps, principal: Principal, email: string | null, origin: RequestOrigin): Promise<void> {
  await deps.provider.disableMfa(principal.token);
  await recordCustomerEvent(deps.em(), 'mfa.disabled', { sub: principal.sub, email }, origin, { method: 'totp' });
}
