import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '@loyalty/platform';

const LIFETIME_MS = 5 * 60_000;

/**
 * The `session` a client carries between sign-in steps. It may hold tokens we withhold until TOTP is
 * set up, so it is encrypted and authenticated (AES-256-GCM), not just signed: the client can
 * neither read nor alter it, and any API instance can continue the sign-in.
 */
export function sealSession<T extends object>(secret: string, content: T, now = Date.now()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const plain = Buffer.from(JSON.stringify({ content, expiresAt: now + LIFETIME_MS }));
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function openSession<T extends object>(secret: string, session: string, now = Date.now()): T {
  let opened: { content: T; expiresAt: number };
  try {
    const raw = Buffer.from(session, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    opened = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as { content: T; expiresAt: number };
  } catch {
    throw sessionInvalid();
  }
  if (opened.expiresAt <= now) throw sessionInvalid();
  return opened.content;
}

const sessionInvalid = () => new AppError({ code: 'SESSION_INVALID', status: 401, detail: 'The sign-in session is not valid or has expired; sign in again' });

function keyOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
