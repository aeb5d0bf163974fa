import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^lpk_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKeySecret {
  key: string;
  prefix: string;
  secretHash: string;
}

/**
 * `lpk_<key id>_<32 random bytes, base64url>`: the id finds the row, the secret proves possession.
 * A plain SHA-256 is enough for the stored hash: a slow password hash protects guessable secrets,
 * and 256 random bits cannot be guessed, so it would only cost time on every POS request.
 */
export function newApiKeySecret(id: string): NewApiKeySecret {
  const secret = randomBytes(32).toString('base64url');
  return { key: `lpk_${id}_${secret}`, prefix: displayPrefix(id), secretHash: hashSecret(secret) };
}

/** What a list may show to recognise a key without revealing it. */
export function displayPrefix(id: string): string {
  return `lpk_${id.slice(0, 8)}`;
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const expected = Buffer.from(secretHash, 'base64url');
  const actual = Buffer.from(hashSecret(secret), 'base64url');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
