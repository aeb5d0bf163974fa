import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from 'node:crypto';

/**
 * What the app holds instead of Cognito's refresh token: `lrt_<sub>_<sessionId>_<secret>`. The sub and
 * session id find the session's item; the secret (32 random bytes) is the only key that opens the
 * Cognito refresh token sealed in it. We keep no copy of the secret, so neither the table nor we alone
 * can refresh, and the app can refresh only through us, which is what lets a deleted session stay
 * signed out.
 */
export interface SessionHandle {
  sub: string;
  sessionId: string;
  secret: Buffer;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const handlePattern = new RegExp(`^lrt_(${UUID})_(${UUID})_([A-Za-z0-9_-]{43})$`);

export function newSessionHandle(sub: string): SessionHandle {
  return { sub, sessionId: randomUUID(), secret: randomBytes(32) };
}

export function formatSessionHandle(handle: SessionHandle): string {
  return `lrt_${handle.sub}_${handle.sessionId}_${handle.secret.toString('base64url')}`;
}

/** Null for anything we did not issue in this shape (a raw Cognito refresh token included). */
export function parseSessionHandle(value: string): SessionHandle | null {
  const match = handlePattern.exec(value);
  if (!match) return null;
  return { sub: match[1]!, sessionId: match[2]!, secret: Buffer.from(match[3]!, 'base64url') };
}

/** AES-256-GCM under a key derived from the handle's secret, bound to its sub and session. */
export function sealRefreshToken(handle: SessionHandle, refreshToken: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(handle), iv).setAAD(associatedData(handle));
  const sealed = Buffer.concat([cipher.update(refreshToken, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** Null when the secret is not the one the token was sealed with. */
export function openRefreshToken(handle: SessionHandle, sealed: string): string | null {
  const bytes = Buffer.from(sealed, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(handle), bytes.subarray(0, 12)).setAAD(associatedData(handle)).setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

function keyOf(handle: SessionHandle): Buffer {
  return Buffer.from(hkdfSync('sha256', handle.secret, Buffer.alloc(0), 'loyalty device session v1', 32));
}

function associatedData(handle: SessionHandle): Buffer {
  return Buffer.from(`${handle.sub}:${handle.sessionId}`, 'utf8');
}
