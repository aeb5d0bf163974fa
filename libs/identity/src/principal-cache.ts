import type { RedisConnection } from '@loyalty/guard';
import { tokenKey } from './denylist.js';
import type { Principal } from './principal.js';

/**
 * Verified principals by token hash, so a token seen once skips the JWT work until it expires (at
 * most `maxSeconds` later). `scope` keeps pools and clients apart: a token verified by the customer
 * API must never be taken as verified by the admin API. The stored value holds no token.
 */
export interface PrincipalCache {
  get(scope: string, token: string): Promise<Principal | undefined>;
  set(scope: string, principal: Principal): Promise<void>;
}

export const noPrincipalCache: PrincipalCache = { get: async () => undefined, set: async () => {} };

interface Stored {
  sub: string;
  username: string;
  groups: string[];
  expiresAt: string;
}

export function redisPrincipalCache(redis: RedisConnection, keyPrefix: string, maxSeconds = 300): PrincipalCache {
  const keyOf = (scope: string, token: string) => `${keyPrefix}:principal:${scope}:${tokenKey(token)}`;
  const usable = () => redis.client !== undefined && redis.isReady();
  return {
    async get(scope, token) {
      if (!usable()) return undefined;
      const raw = await redis.client?.get(keyOf(scope, token)).catch(() => null);
      if (!raw) return undefined;
      const stored = JSON.parse(raw) as Stored;
      const expiresAt = new Date(stored.expiresAt);
      if (expiresAt.getTime() <= Date.now()) return undefined;
      return { sub: stored.sub, username: stored.username, groups: stored.groups, expiresAt, token };
    },
    async set(scope, principal) {
      const ttlMs = Math.min(principal.expiresAt.getTime() - Date.now(), maxSeconds * 1000);
      if (ttlMs <= 0 || !usable()) return;
      const stored: Stored = { sub: principal.sub, username: principal.username, groups: principal.groups, expiresAt: principal.expiresAt.toISOString() };
      await redis.client?.set(keyOf(scope, principal.token), JSON.stringify(stored), 'PX', ttlMs).catch(() => undefined);
    },
  };
}
