import { createHash } from 'node:crypto';

/**
 * Signed-out access tokens, refused until they would have expired anyway (Cognito cannot revoke an
 * access token it already issued). Keys are token hashes: the store never holds a usable token.
 */
export interface TokenDenylist {
  deny(token: string, expiresAt: Date): Promise<void>;
  /** The same, for a token known only by its `tokenKey` (a device session remembers its tokens so). */
  denyKey(key: string, expiresAt: Date): Promise<void>;
  /** By `tokenKey`, which a verifier computes once per request for this and the principal cache. */
  isKeyDenied(key: string): Promise<boolean>;
}

export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** This process only: what a single instance (or a Redis outage) falls back to. */
export function memoryDenylist(now: () => number = Date.now): TokenDenylist {
  const denied = new Map<string, number>();
  return {
    async deny(token, expiresAt) {
      denied.set(tokenKey(token), expiresAt.getTime());
    },
    async denyKey(key, expiresAt) {
      denied.set(key, expiresAt.getTime());
    },
    async isKeyDenied(key) {
      const until = denied.get(key);
      if (until === undefined) return false;
      if (until > now()) return true;
      denied.delete(key);
      return false;
    },
  };
}
