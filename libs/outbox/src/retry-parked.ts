import type { Pool } from 'pg';

/**
 * Un-parks rows (all of them, or only `ids`) with a fresh attempt budget, due at once, and wakes the
 * listening relays. Returns the ids it un-parked.
 */
export async function retryParked(pool: Pool, ids?: readonly string[]): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `update messaging.outbox
        set parked_at = null, attempts = 0, next_attempt_at = now()
      where parked_at is not null and ($1::uuid[] is null or id = any($1::uuid[]))
      returning id`,
    [ids ?? null],
  );
  if (rows.length > 0) await pool.query(`select pg_notify('outbox', '')`);
  return rows.map((row) => row.id);
}
