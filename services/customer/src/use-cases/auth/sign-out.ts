import type { Principal } from '@loyalty/identity';
import type { AuthDeps } from './auth-deps.js';
import type { RequestOrigin } from '@loyalty/outbox';
import { recordCustomerEvent } from './audit.js';
import { endSessionOnSignOut } from './device-sessions.js';

/**
 * Cognito cannot take back an access token it issued, so ours is denied until it expires; the refresh
 * token, which Cognito can revoke, is revoked so no new access token comes from it. The device session
 * ends with it, and every access token it was given is denied.
 */
export async function signOut(
  deps: AuthDeps,
  principal: Principal,
  email: string | null,
  refreshToken: string | undefined,
  origin: RequestOrigin,
): Promise<void> {
  await deps.denylist.deny(principal.token, principal.expiresAt);
  const refreshTokenRevoked = await endSessionOnSignOut(deps, principal, refreshToken);
  await recordCustomerEvent(deps.em(), 'sign_out', { sub: principal.sub, email }, origin, { refreshTokenRevoked });
}
