import type { ClientBase } from 'pg';
import { outboxColumns, toOutboxRow, type OutboxRecord, type OutboxRow } from './outbox-row.js';

/**
 * Locks up to `limit` due rows for the caller's open transaction. SKIP LOCKED makes concurrent relays
 * take disjoint rows instead of waiting for each other; the locks last until that transaction ends.
 */
export async function claimDueRows(client: ClientBase, limit: number): Promise<OutboxRow[]> {
  const { rows } = await client.query<OutboxRecord>(
    `select ${outboxColumns}
       from messaging.outbox
      where published_at is null and parked_at is null and next_attempt_at <= now()
      order by next_attempt_at
      limit $1
        for update skip locked`,
    [limit],
  );
  return rows.map(toOutboxRow);
}
