import type { RedisConnection } from '@loyalty/guard';
import type { Principal } from './principal.js';

/**
 * Verified principals by token hash, so a token seen once skips the JWT work until it expires (at
 * most `maxSeconds` later). `scope` keeps pools and clients apart: a token verified by the customer
 * API must never be taken as verified by the admin API. The stored value holds no token.
 */
export interface PrincipalCache {
  /** `tokenKey` is the token's hash (`tokenKey()`), computed once per request by the verifier. */
  get(scope: string, token: string, tokenKey: string): Promise<Principal | undefined>;
  set(scope: string, principal: Principal, tokenKey: string): Promise<void>;
}

export const noPrincipalCache: PrincipalCache = { get: async () => undefined, set: async () => {} };

interface Stored {
  sub: string;
  username: string;
  groups: string[];
  expiresAt: string;
}

/**
 * This process keeps the principals it verified or fetched (up to `localEntries`, oldest dropped
 * first) in front of Redis: a cashier's token is checked on every request, and a lookup in memory
 * costs nothing next to a Redis round trip. The denylist is still asked first on every request.
 */
export function redisPrincipalCache(redis: RedisConnection, keyPrefix: string, maxSeconds = 300, localEntries = 10_000): PrincipalCache {
  const keyOf = (scope: string, tokenKey: string) => `${keyPrefix}:principal:${scope}:${tokenKey}`;
  const usable = () => redis.client !== undefined && redis.isReady();
  const local = new Map<string, { principal: Principal; until: number }>();
  const remember = (key: string, principal: Principal) => {
    local.delete(key);
    local.set(key, { principal, until: Math.min(principal.expiresAt.getTime(), Date.now() + maxSeconds * 1000) });
    if (local.size > localEntries) local.delete(local.keys().next().value as string);
  };
  return {
    async get(scope, token, tokenKey) {
      const key = keyOf(scope, tokenKey);
      const known = local.get(key);
      if (known && known.until > Date.now()) return known.principal;
      if (known) local.delete(key);
      if (!usable()) return undefined;
      const raw = await redis.client?.get(key).catch(() => null);
      if (!raw) return undefined;
      const stored = JSON.parse(raw) as Stored;
      const expiresAt = new Date(stored.expiresAt);
      if (expiresAt.getTime() <= Date.now()) return undefined;
      const principal = { sub: stored.sub, username: stored.username, groups: stored.groups, expiresAt, token };
      remember(key, principal);
      return principal;
    },
    async set(scope, principal, tokenKey) {
      const ttlMs = Math.min(principal.expiresAt.getTime() - Date.now(), maxSeconds * 1000);
      if (ttlMs <= 0) return;
      const key = keyOf(scope, tokenKey);
      remember(key, principal);
      if (!usable()) return;
      const stored: Stored = { sub: principal.sub, username: principal.username, groups: principal.groups, expiresAt: principal.expiresAt.toISOString() };
      await redis.client?.set(key, JSON.stringify(stored), 'PX', ttlMs).catch(() => undefined);
    },
  };
}
