import type { EntityManager } from '@loyalty/db';

const ONCE_A_MINUTE = 60_000;

/**
 * Records when a key was last used, at most once a minute per key: a busy terminal would otherwise
 * write its key row on every sale. The memory only saves writes; the SQL guard keeps the rule across
 * processes.
 */
export function apiKeyUsageRecorder(now: () => number = Date.now): (em: EntityManager, keyId: string) => Promise<void> {
  const lastWritten = new Map<string, number>();
  return async (em, keyId) => {
    const at = now();
    if (at - (lastWritten.get(keyId) ?? 0) < ONCE_A_MINUTE) return;
    lastWritten.set(keyId, at);
    await em
      .getConnection()
      .execute(`update business.api_keys set last_used_at = now() where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [
        keyId,
      ]);
  };
}
