import type { RedisConnection } from '@loyalty/guard';
import { memoryDenylist, tokenKey, type TokenDenylist } from './denylist.js';

/**
 * Shared by every API process through Redis, and always also kept in this process: while Redis is
 * away a token signed out here is still refused here, and tokens signed out elsewhere before the
 * outage are refused again once Redis is back (their keys live until the token would expire).
 */
export function redisDenylist(redis: RedisConnection, keyPrefix: string, local: TokenDenylist = memoryDenylist()): TokenDenylist {
  const keyOf = (key: string) => `${keyPrefix}:denied:${key}`;
  const denyKey = async (key: string, expiresAt: Date) => {
    await local.denyKey(key, expiresAt);
    const ttlMs = expiresAt.getTime() - Date.now();
    if (ttlMs <= 0 || !redis.client || !redis.isReady()) return;
    await redis.client.set(keyOf(key), '1', 'PX', ttlMs).catch(() => undefined);
  };
  return {
    deny: (token, expiresAt) => denyKey(tokenKey(token), expiresAt),
    denyKey,
    async isKeyDenied(key) {
      if (await local.isKeyDenied(key)) return true;
      if (!redis.client || !redis.isReady()) return false;
      return (await redis.client.exists(keyOf(key)).catch(() => 0)) === 1;
    },
  };
}
