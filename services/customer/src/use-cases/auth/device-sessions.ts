import { AppError } from '@loyalty/platform';
import { tokenKey, type Principal } from '@loyalty/identity';
import type { RequestOrigin } from '@loyalty/outbox';
import { authErrors } from '../../data-access/cognito-auth-errors.js';
import type { AuthTokens } from '../../data-access/cognito-customer-auth.js';
import type { DeviceSession } from '../../data-access/device-sessions.js';
import { formatSessionHandle, newSessionHandle, openRefreshToken, parseSessionHandle, sealRefreshToken } from '../../domain/session-handle.js';
import { trackToken, type TrackedToken } from '../../domain/session-tokens.js';
import type { AuthDeps } from './auth-deps.js';
import { recordCustomerEvent } from './audit.js';
import { deviceLabel } from './device-label.js';
import { subjectOf } from './token-claims.js';

export interface SessionView {
  id: string;
  deviceLabel: string;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  /** The session of the access token that asked. */
  current: boolean;
}

/** Fresh tokens from Cognito become a device session: the app gets our session handle in place of Cognito's refresh token. */
export async function startDeviceSession(deps: AuthDeps, tokens: AuthTokens, origin: RequestOrigin): Promise<AuthTokens> {
  const sub = subjectOf(tokens.accessToken);
  if (!tokens.refreshToken || !sub) return tokens;
  const handle = newSessionHandle(sub);
  const now = new Date();
  await deps.sessions.create({
    sub,
    id: handle.sessionId,
    deviceLabel: deviceLabel(origin.userAgent),
    ip: origin.ip,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: new Date(now.getTime() + deps.sessionDays * 86_400_000),
    sealedRefreshToken: sealRefreshToken(handle, tokens.refreshToken),
    accessTokens: [tracked(tokens, now)],
    version: 0,
  });
  return { ...tokens, refreshToken: formatSessionHandle(handle) };
}

/**
 * A refresh goes to Cognito only for a live session whose secret opens its sealed refresh token. The
 * new access token is recorded in the session before it is handed out; if the session was deleted
 * meanwhile, the token is denied and never leaves.
 */
export async function refreshDeviceSession(deps: AuthDeps, refreshToken: string, origin: RequestOrigin): Promise<AuthTokens> {
  const handle = parseSessionHandle(refreshToken);
  let session = handle && (await deps.sessions.find(handle.sub, handle.sessionId));
  const cognitoToken = handle && session && openRefreshToken(handle, session.sealedRefreshToken);
  if (!handle || !session || !cognitoToken) throw authErrors.invalidRefreshToken();

  let tokens: AuthTokens;
  try {
    tokens = await deps.provider.refresh(cognitoToken);
  } catch (error) {
    // Revoked or expired at Cognito: the session is over here too, as if signed out.
    if (error instanceof AppError && error.code === 'INVALID_REFRESH_TOKEN')
      await denyAll(deps, (await deps.sessions.remove(handle.sub, handle.sessionId))?.accessTokens ?? []);
    throw error;
  }
  const now = new Date();
  // Cognito hands out a new refresh token only where rotation is on; it then replaces the sealed one.
  const sealedRefreshToken = tokens.refreshToken ? sealRefreshToken(handle, tokens.refreshToken) : session.sealedRefreshToken;
  for (let attempt = 0; session && attempt < 5; attempt++) {
    const { kept, retired } = trackToken(session.accessTokens, tracked(tokens, now), now);
    const outcome = await deps.sessions.update(session, { ip: origin.ip, lastUsedAt: now, accessTokens: kept, sealedRefreshToken });
    if (outcome === 'updated') {
      await denyAll(deps, retired);
      const { refreshToken: _rotated, ...answer } = tokens;
      return answer;
    }
    session = outcome === 'stale' ? await deps.sessions.find(handle.sub, handle.sessionId) : null;
  }
  await denyAll(deps, [tracked(tokens, now)]);
  throw authErrors.invalidRefreshToken();
}

/** Most recently used first. */
export async function listDeviceSessions(deps: AuthDeps, principal: Principal): Promise<SessionView[]> {
  const caller = tokenKey(principal.token);
  const sessions = await deps.sessions.list(principal.sub);
  return sessions
    .sort((a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime())
    .map((session) => ({
      id: session.id,
      deviceLabel: session.deviceLabel,
      ip: session.ip,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      current: session.accessTokens.some((token) => token.key === caller),
    }));
}

/**
 * Signs a device out from anywhere: its refresh can no longer refresh (the only copy of Cognito's refresh
 * token, sealed under the device's secret, is deleted with the item) and its access tokens are denied.
 */
export async function endDeviceSession(deps: AuthDeps, principal: Principal, email: string | null, sessionId: string, origin: RequestOrigin): Promise<void> {
  const ended = await deps.sessions.remove(principal.sub, sessionId);
  if (!ended) throw AppError.notFound('A session');
  await denyAll(deps, ended.accessTokens);
  await recordCustomerEvent(deps.em(), 'session.ended', { sub: principal.sub, email }, origin, {
    sessionId,
    deviceLabel: ended.deviceLabel,
    current: ended.accessTokens.some((token) => token.key === tokenKey(principal.token)),
  });
}

/**
 * Sign-out ends the session the refresh token names (revoking Cognito's refresh token, which the handle
 * opens), or else the one the access token belongs to. A refresh token that is not ours (straight from
 * Cognito) is revoked as it is. Answers whether Cognito revoked a refresh token.
 */
export async function endSessionOnSignOut(deps: AuthDeps, principal: Principal, refreshToken: string | undefined): Promise<boolean> {
  const handle = refreshToken ? parseSessionHandle(refreshToken) : null;
  if (refreshToken && !handle) {
    await deps.provider.revoke(refreshToken);
    return true;
  }
  let session: DeviceSession | null | undefined;
  if (handle?.sub === principal.sub) session = await deps.sessions.find(handle.sub, handle.sessionId);
  else if (!handle) session = (await deps.sessions.list(principal.sub)).find((s) => s.accessTokens.some((token) => token.key === tokenKey(principal.token)));
  if (!session) return false;
  const cognitoToken = handle && openRefreshToken(handle, session.sealedRefreshToken);
  if (cognitoToken) await deps.provider.revoke(cognitoToken);
  const ended = await deps.sessions.remove(session.sub, session.id);
  if (ended) await denyAll(deps, ended.accessTokens);
  return Boolean(cognitoToken);
}

function tracked(tokens: AuthTokens, now: Date): TrackedToken {
  return { key: tokenKey(tokens.accessToken), expiresAt: Math.floor(now.getTime() / 1000) + tokens.expiresIn };
}

function denyAll(deps: AuthDeps, tokens: readonly TrackedToken[]): Promise<unknown> {
  return Promise.all(tokens.map((token) => deps.denylist.denyKey(token.key, new Date(token.expiresAt * 1000))));
}
